package io.blogimages.auth.user;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.List;

public record RolesRequest(
        @NotEmpty(message = "must name at least one role")
        List<@NotNull @Pattern(regexp = "admin|user", message = "must be 'admin' or 'user'") String> roles) {
}
