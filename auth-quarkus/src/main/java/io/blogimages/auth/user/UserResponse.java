package io.blogimages.auth.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user as signup and the role endpoint return it. */
public record UserResponse(UUID id, String username, List<String> roles, Instant createdAt) {

    static UserResponse of(User user) {
        return new UserResponse(user.id, user.username, user.sortedRoles(), user.createdAt);
    }
}
