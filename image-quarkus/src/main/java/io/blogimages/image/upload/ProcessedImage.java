package io.blogimages.image.upload;

import java.nio.file.Path;

/**
 * One upload, checked and ready to store: the bytes to keep ({@code file}, scrubbed for JPEGs), their digest and
 * size, the displayed dimensions, and the thumbnail copy.
 */
public record ProcessedImage(ImageType type, String originalFilename, Path file, long size, String sha256,
                             int width, int height, Path thumbnailFile, String thumbnailContentType) {
}
