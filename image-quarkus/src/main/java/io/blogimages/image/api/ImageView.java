package io.blogimages.image.api;

import io.blogimages.image.image.Image;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.UUID;

/**
 * The image object of the public contract.
 *
 * <p>Registered for reflection for the native build: the upload answer returns it as the entity of a
 * {@code Response} (a {@code List<ImageView>}), which Quarkus cannot see; only the other endpoints' declared return
 * types would register it otherwise.
 */
@RegisterForReflection
public record ImageView(UUID id, String postId, String key, String originalFilename, String contentType, long size,
                        int width, int height, String sha256, boolean thumbnail, int position, String url,
                        String thumbnailUrl, Instant createdAt) {

    public static ImageView of(Image image) {
        String url = "/api/images/" + image.objectKey;
        return new ImageView(image.id, image.postId, image.objectKey, image.originalFilename, image.contentType,
                image.size, image.width, image.height, image.sha256, image.thumbnail, image.position, url,
                url + "/thumbnail", image.createdAt);
    }
}
