package io.blogimages.auth.token;

import jakarta.validation.constraints.Size;

/** Body of refresh and logout; the token may come in the {@code refresh_token} cookie instead. */
public record RefreshRequest(@Size(max = 512) String refreshToken) {

    @Override
    public String toString() {
        return "RefreshRequest[***]";
    }
}
