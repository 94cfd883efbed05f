package io.blogimages.auth.token;

/** The answer of login and refresh: a new access token and a new refresh token. */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
                            long refreshExpiresIn) {
}
