package io.blogimages.auth.user;

import io.blogimages.auth.api.NoControlCharacters;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record SignupRequest(
        @NotNull
        @Pattern(regexp = "[A-Za-z0-9._-]{3,32}",
                message = "must be 3 to 32 characters of letters, digits, '.', '_' or '-'")
        String username,
        @NotNull
        @Size(min = 10, max = 128, message = "must be 10 to 128 characters")
        @NoControlCharacters
        String password) {

    @Override
    public String toString() {
        return "SignupRequest[username=" + username + "]";
    }
}
