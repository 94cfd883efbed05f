package io.blogimages.auth.token;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.blogimages.auth.api.NoControlCharacters;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Size;

/**
 * Body of refresh and logout; the token may come in a refresh cookie instead (validated by hand, see {@code TokenResource}).
 *
 * <p>Registered for reflection: {@code TokenResource} reads it with its own {@code ObjectMapper} (the body is
 * optional), not as a parameter Quarkus would register for a native build.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RefreshRequest(@Size(max = 512) @NoControlCharacters String refreshToken) {

    @Override
    public String toString() {
        return "RefreshRequest[***]";
    }
}
