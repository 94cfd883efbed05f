package io.blogimages.image.upload;

import java.nio.file.Path;

/**
 * One upload whose size, type and header passed the checks: the bytes to keep ({@code file}, scrubbed for JPEGs),
 * their digest and size, the EXIF orientation, the stored width and height, and how errors name it.
 */
public record CheckedImage(ImageType type, String originalFilename, Path file, long size, String sha256,
                           int orientation, int width, int height, String label) {
}
