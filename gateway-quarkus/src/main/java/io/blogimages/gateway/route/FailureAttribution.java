package io.blogimages.gateway.route;

import java.util.List;

/**
 * Who caused the failures in a circuit breaker's window, so that no single client can open it.
 *
 * <p>A backend's 5xx, a timeout or a reset may be the backend failing, or one client sending what makes it fail
 * (a crafted login, a huge upload). The breaker cannot tell, and a breaker that opens pauses the route for
 * everyone. So each client (by address and, when known, by user) may have at most {@code maxPerClient} counted
 * failures among the breaker's last {@code window} calls; its further failures are passed on to it but count as
 * successes. With the defaults (window 20, ratio 0.5, two per client) opening the breaker takes failures from at
 * least five clients: a real outage, which every client sees, still opens it at once. Failures to connect are no
 * client's doing and always count.
 */
final class FailureAttribution {

    private static final List<String> NOBODY = List.of();

    private final int maxPerClient;
    /** The last calls, oldest overwritten first: the client keys of a counted failure, or null. */
    private final List<String>[] window;
    private int next;

    @SuppressWarnings("unchecked")
    FailureAttribution(int window, int maxPerClient) {
        this.window = new List[Math.max(1, window)];
        this.maxPerClient = maxPerClient;
    }

    /** A call that succeeded, or whose failure counts as a success. */
    synchronized void success() {
        record(null);
    }

    /** A failure no client can cause (no connection): always counted. */
    synchronized void unattributed() {
        record(NOBODY);
    }

    /**
     * A failure the client may have caused: counted (true) unless one of its keys already holds its share of the
     * window's counted failures, in which case it is recorded as a success (false).
     */
    synchronized boolean attribute(List<String> clientKeys) {
        for (String key : clientKeys) {
            int held = 0;
            for (List<String> slot : window) {
                if (slot != null && slot.contains(key)) {
                    held++;
                }
            }
            if (held >= maxPerClient) {
                record(null);
                return false;
            }
        }
        record(clientKeys);
        return true;
    }

    private void record(List<String> slot) {
        window[next] = slot;
        next = (next + 1) % window.length;
    }
}
