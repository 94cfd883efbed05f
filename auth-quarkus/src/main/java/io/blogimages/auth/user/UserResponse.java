package io.blogimages.auth.user;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user as signup and the role endpoint return it.
 *
 * <p>Registered for reflection: signup returns it inside a {@code Response} (201), which a native build cannot
 * see; only the role endpoint's declared return type would register it otherwise.
 */
@RegisterForReflection
public record UserResponse(UUID id, String username, List<String> roles, Instant createdAt) {

    static UserResponse of(User user) {
        return new UserResponse(user.id, user.username, user.sortedRoles(), user.createdAt);
    }
}
