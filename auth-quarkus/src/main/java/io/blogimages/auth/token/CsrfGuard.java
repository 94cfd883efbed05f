package io.blogimages.auth.token;

import io.blogimages.auth.api.ApiException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.Locale;

/**
 * Keeps other sites from making a browser refresh or end its session with its cookie. Two checks:
 * <ul>
 * <li>{@code Content-Type: application/json}, else 415: a cross-site page can send JSON only after a CORS
 *     preflight, which the gateway refuses to unknown origins; HTML forms can send only the simple types.</li>
 * <li>An {@code Origin}, when the request has one (browsers send it with every POST), must be the origin the
 *     client called, else 403. Scripts and curl send none and are not affected. The called origin is scheme and
 *     host[:port] as Quarkus sees them: from X-Forwarded-Proto / X-Forwarded-Host when the peer is a trusted proxy
 *     (the gateway), else the request's own scheme and Host.</li>
 * </ul>
 * SameSite=Strict on the cookies is the third layer; this covers same-site but cross-origin pages and old browsers.
 */
@ApplicationScoped
public class CsrfGuard {

    public void check(HttpServerRequest http) {
        if (!isJson(http.getHeader("Content-Type"))) {
            throw new ApiException(415, "unsupported-media-type", "Unsupported Media Type",
                    "Send this request with Content-Type: application/json (a body of {} is enough).");
        }
        String origin = http.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, http)) {
            throw new ApiException(403, "cross-origin-request", "Forbidden",
                    "This request must come from the origin it is sent to.");
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim();
        return mediaType.equalsIgnoreCase("application/json");
    }

    private static boolean sameOrigin(String origin, HttpServerRequest http) {
        try {
            URI uri = new URI(origin);
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                    || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
                return false;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            return normalized(scheme, uri.getHost(), uri.getPort()).equals(calledOrigin(http));
        } catch (java.net.URISyntaxException e) {
            return false; // "null" (sandboxed pages, file:) and junk are never our origin
        }
    }

    /** {@code scheme://host[:port]} of the request as the client sent it, default port left out. */
    static String calledOrigin(HttpServerRequest http) {
        String scheme = http.scheme() == null ? "http" : http.scheme().toLowerCase(Locale.ROOT);
        HostAndPort authority = http.authority();
        if (authority == null) {
            return null;
        }
        return normalized(scheme, authority.host(), authority.port());
    }

    private static String normalized(String scheme, String host, int port) {
        int defaultPort = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        String name = host.toLowerCase(Locale.ROOT);
        return scheme + "://" + name + (port < 0 || port == defaultPort ? "" : ":" + port);
    }
}
