package io.blogimages.image.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Body of {@code PUT /api/posts/{postId}/thumbnail}. */
public record ThumbnailChoice(
        @NotBlank(message = "must name the key of an image of the post")
        // No key has one, and PostgreSQL refuses NUL in text: a 400 here rather than a data error later.
        @Pattern(regexp = "[^\\p{Cc}]*", message = "must not contain control characters") String key) {
}
