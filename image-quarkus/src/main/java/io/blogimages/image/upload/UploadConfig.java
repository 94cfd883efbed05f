package io.blogimages.image.upload;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Set;

/** Limits and processing of uploads (env IMAGE_UPLOAD_*). Defaults are the contract's. */
@ConfigMapping(prefix = "image.upload")
public interface UploadConfig {

    /** Largest accepted file in bytes (413 above). */
    @WithDefault("20971520")
    long maxFileSize();

    /** Largest accepted width × height (422 above), checked from the header before any pixel is decoded. */
    @WithDefault("50000000")
    long maxPixels();

    /** Most {@code file} parts in one request (400 above). */
    @WithDefault("20")
    int maxFiles();

    /** Accepted types, detected from the bytes: any of jpeg, png, gif, webp (415 for the rest). */
    @WithDefault("jpeg,png,gif,webp")
    Set<String> allowedTypes();

    /** Longest side of the thumbnail copy, in pixels. */
    @WithDefault("400")
    int thumbnailSize();

    /** Remove EXIF GPS data and device serial numbers from stored JPEGs (orientation is kept). */
    @WithDefault("true")
    boolean stripLocation();
}
