package io.blogimages.auth.token;

import io.blogimages.auth.api.NoControlCharacters;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of login.
 *
 * @param client {@code "browser"} for a browser session: the refresh token travels only in the
 *               {@code __Host-refresh_token} cookie, never in the body. Absent or {@code "api"}: the token in the
 *               body and in the {@code refresh_token} cookie, as always.
 */
public record LoginRequest(
        @NotBlank @Size(max = 64) @NoControlCharacters String username,
        @NotBlank @Size(max = 128) @NoControlCharacters String password,
        @Pattern(regexp = "api|browser", message = "must be 'api' or 'browser'") String client) {

    ClientMode mode() {
        return ClientMode.of(client);
    }

    /** Never print the password, not even in a debug log. */
    @Override
    public String toString() {
        return "LoginRequest[username=" + username + ", client=" + client + "]";
    }
}
