package io.blogimages.auth.token;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record LoginRequest(
        @NotBlank @Size(max = 64) String username,
        @NotBlank @Size(max = 128) String password) {

    /** Never print the password, not even in a debug log. */
    @Override
    public String toString() {
        return "LoginRequest[username=" + username + "]";
    }
}
