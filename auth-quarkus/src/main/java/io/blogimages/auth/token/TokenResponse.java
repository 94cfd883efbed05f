package io.blogimages.auth.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer of login and refresh: a new access token and a new refresh token.
 *
 * <p>Registered for reflection: it is the entity of a {@code Response} (for the cookie and cache headers), never a
 * declared return type, so a native build would not register it for Jackson otherwise.
 *
 * @param refreshToken absent for a browser login: that token travels only in the HttpOnly cookie
 * @param refreshExpiresIn seconds until the refresh token expires (capped by the login's maximum lifetime)
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
                            long refreshExpiresIn) {
}
