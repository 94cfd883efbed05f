package io.blogimages.auth.token;

import io.blogimages.auth.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

/**
 * The two refresh-token cookies, both HttpOnly, Secure and SameSite=Strict. {@value #API} (Path /api/auth) is the
 * contract's, for API logins. {@value #BROWSER} is a browser login's only copy of the token: the {@code __Host-}
 * prefix makes the browser keep it only when Secure, on Path=/ and without Domain, so no sibling subdomain can
 * set or overwrite it.
 */
@ApplicationScoped
public class RefreshCookies {

    static final String API = "refresh_token";
    static final String API_PATH = "/api/auth";
    static final String BROWSER = "__Host-refresh_token";

    private final boolean secure;

    public RefreshCookies(AuthConfig config) {
        this.secure = config.token().cookieSecure();
    }

    NewCookie carrying(ClientMode mode, String token, long maxAgeSeconds) {
        return build(mode == ClientMode.BROWSER ? BROWSER : API, token, (int) Math.min(Integer.MAX_VALUE, maxAgeSeconds));
    }

    NewCookie cleared(String name) {
        return build(name, "", 0);
    }

    private NewCookie build(String name, String value, int maxAge) {
        return new NewCookie.Builder(name)
                .value(value)
                .path(BROWSER.equals(name) ? "/" : API_PATH)
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(maxAge)
                .build();
    }
}
