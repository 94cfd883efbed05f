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

    /**
     * Most frames of an animated GIF, WebP or PNG (422 above), counted from the container before any decode.
     * 1000 frames is over a minute of animation at 15 frames per second.
     */
    @WithDefault("1000")
    int maxFrames();

    /**
     * Largest width × height summed over all frames of an animation (422 above); a still image counts once.
     * Ten times the single-image limit: 500 frames of 1000 × 1000.
     */
    @WithDefault("500000000")
    long maxTotalPixels();

    /**
     * Most start-of-scan markers in a JPEG (422 above). A baseline JPEG has one per component at most (1–4), libjpeg's
     * standard progressive script 10, mozjpeg's optimised ones about 10–20; each scan is another decoding pass over
     * all coefficients, and a crafted file can repeat tiny scans by the thousand (the CPU exhaustion libjpeg-turbo
     * added its scan limit against). 100 keeps every encoder's output and bounds the passes.
     */
    @WithDefault("100")
    int maxScans();

    /** Most {@code file} parts in one request (400 above). */
    @WithDefault("20")
    int maxFiles();

    /** Accepted types, detected from the bytes: any of jpeg, png, gif, webp (415 for the rest). */
    @WithDefault("jpeg,png,gif,webp")
    Set<String> allowedTypes();

    /** Longest side of the thumbnail copy, in pixels. */
    @WithDefault("400")
    int thumbnailSize();

    /**
     * Remove location data and device serials from every stored image (JPEG, PNG, GIF, WebP): GPS and serials from
     * EXIF, every XMP packet and text chunk, and what follows the end of the image; orientation is kept.
     */
    @WithDefault("true")
    boolean stripLocation();
}
