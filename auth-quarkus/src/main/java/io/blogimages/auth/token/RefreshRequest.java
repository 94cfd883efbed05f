package io.blogimages.auth.token;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of refresh and logout; the token may come in the {@code refresh_token} cookie instead.
 *
 * <p>Registered for reflection: {@code TokenResource} reads it with its own {@code ObjectMapper} (the body is
 * optional), not as a parameter Quarkus would register for a native build.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RefreshRequest(String refreshToken) {

    @Override
    public String toString() {
        return "RefreshRequest[***]";
    }
}
