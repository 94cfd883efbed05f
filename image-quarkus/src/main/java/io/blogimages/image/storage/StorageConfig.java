package io.blogimages.image.storage;

import io.smallrye.config.ConfigMapping;

/** Where image bytes are kept. The S3 client itself is configured under {@code quarkus.s3.*}. */
@ConfigMapping(prefix = "image.storage")
public interface StorageConfig {

    /** The bucket that holds originals and thumbnails (env IMAGE_STORAGE_BUCKET). */
    String bucket();
}
