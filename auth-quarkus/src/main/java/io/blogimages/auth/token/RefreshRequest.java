package io.blogimages.auth.token;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Body of refresh and logout; the token may come in the {@code refresh_token} cookie instead. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RefreshRequest(String refreshToken) {

    @Override
    public String toString() {
        return "RefreshRequest[***]";
    }
}
