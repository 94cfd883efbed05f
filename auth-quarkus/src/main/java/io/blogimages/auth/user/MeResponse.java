package io.blogimages.auth.user;

import java.util.List;
import java.util.UUID;

/** The caller, as {@code GET /api/auth/me} returns it. */
public record MeResponse(UUID id, String username, List<String> roles) {
}
