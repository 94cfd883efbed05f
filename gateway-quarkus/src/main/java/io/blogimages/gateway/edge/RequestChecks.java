package io.blogimages.gateway.edge;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;

/**
 * Refuses, before anything else looks at it, a request whose path has more than one spelling or whose header
 * values hold control characters, with 400 problem+json.
 *
 * <p>The router, the rate limiter, the edge token check and the backends must all see the same path. Vert.x
 * routes on a normalised form (dot segments removed, encoded unreserved characters decoded) while the others
 * read the raw one, and the backends normalise again in their own way: so {@code /api/auth//login} or
 * {@code /api/auth/%6cogin} reached login under the general rate limit, and {@code /api//images/x} skipped the
 * edge check. Rather than normalise (and forward something the client did not send), the gateway accepts only
 * paths that are already canonical, so the raw path is the one every step decides on: no {@code //}, no
 * {@code .} or {@code ..} segment, no percent-encoding of an unreserved character, {@code /}, {@code \} or a
 * control character, no {@code \}, no {@code ;} parameters, no trailing {@code /} under {@code /api/}, and only
 * printable ASCII. No legitimate path of this API or the admin UI needs any of these.
 *
 * <p>Control characters in header values: Netty's parser refuses C0 controls and DEL itself (a bare 400, the
 * message is not HTTP); C1 controls (U+0080–U+009F) arrive as obs-text and are refused here, so none reaches a
 * service or a log line.
 */
@ApplicationScoped
public class RequestChecks {

    void register(@Observes Filters filters) {
        filters.register(this::check, 800); // after the request ID (1000) and the access log (900)
    }

    private void check(RoutingContext context) {
        String problem = pathProblem(context.request().path());
        if (problem == null) {
            problem = headerProblem(context);
        }
        if (problem != null) {
            context.response().putHeader("Connection", "close");
            Problems.send(context, 400, "Bad Request", problem, Map.of());
            return;
        }
        context.next();
    }

    /** Why the raw path is not canonical, or null when it is. */
    static String pathProblem(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return "The path must start with '/'.";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return "The path may hold only printable ASCII characters.";
            }
            if (c == '\\' || c == ';') {
                return "The path may not contain '" + c + "'.";
            }
            if (c == '/' && i + 1 < path.length() && path.charAt(i + 1) == '/') {
                return "The path may not contain empty segments ('//').";
            }
            if (c == '%') {
                int decoded = i + 2 < path.length() ? hex(path.charAt(i + 1), path.charAt(i + 2)) : -1;
                if (decoded < 0) {
                    return "The path holds a malformed percent-encoding.";
                }
                if (isUnreserved(decoded) || decoded == '/' || decoded == '\\' || decoded < 0x20 || decoded == 0x7f) {
                    return "The path percent-encodes a character that must be written as itself or not at all.";
                }
                i += 2;
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "The path may not contain '.' or '..' segments.";
            }
        }
        if (path.startsWith("/api/") && path.endsWith("/")) {
            return "API paths do not end with '/'.";
        }
        return null;
    }

    private static String headerProblem(RoutingContext context) {
        for (Map.Entry<String, String> header : context.request().headers()) {
            String value = header.getValue();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c != '\t' && Character.isISOControl(c)) {
                    return "The value of header " + LogText.escape(header.getKey()) + " holds a control character.";
                }
            }
        }
        return null;
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }
}
