package io.blogimages.auth.user;

import java.util.Set;

/** The roles a user can have; they travel in the access token's {@code groups} claim. */
public final class Role {

    public static final String ADMIN = "admin";
    public static final String USER = "user";
    public static final Set<String> ALL = Set.of(ADMIN, USER);

    private Role() {
    }
}
