package io.blogimages.testsupport;

/**
 * Lets a test take the S3Proxy of the running test application ({@link S3ProxyResource}) away and bring it back
 * (same port, credentials and objects), to check what the application does while S3 is unreachable.
 */
public final class S3ProxyControl {

    static final String BACKEND = "S3Proxy";
    static final String GATE = "S3ProxyGate";

    private S3ProxyControl() {
    }

    /** Stops the S3Proxy process and waits until it is gone. */
    public static void stop() {
        BackendControl.invoke(BACKEND, "stopServer");
    }

    /** Starts it again and waits until it answers. */
    public static void start() {
        BackendControl.invoke(BACKEND, "startServer");
    }

    /**
     * With {@link S3ProxyResource}'s {@code gate=true}: S3 stays reachable for {@code bytes} more bytes sent to it,
     * then every connection is cut and new ones are refused, as in an outage, until {@link #reconnect()}.
     */
    public static void cutOffAfterBytes(long bytes) {
        BackendControl.invoke(GATE, "stopAfterBytes", new Object[] {bytes}, new String[] {long.class.getName()});
    }

    /**
     * With {@link S3ProxyResource}'s {@code gate=true}: closes every open connection to S3 and goes on accepting new
     * ones, as a server or load balancer closing idle keep-alive connections does. The application's pooled
     * connections are then stale: it only learns so when it uses one.
     */
    public static void dropConnections() {
        BackendControl.invoke(GATE, "dropConnections");
    }

    /** Ends the outage that {@link #cutOffAfterBytes} started. */
    public static void reconnect() {
        BackendControl.invoke(GATE, "startServer");
    }
}
