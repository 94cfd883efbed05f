package io.blogimages.image.api;

import jakarta.validation.constraints.NotBlank;

/** Body of {@code PUT /api/posts/{postId}/thumbnail}. */
public record ThumbnailChoice(@NotBlank(message = "must name the key of an image of the post") String key) {
}
