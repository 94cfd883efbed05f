package io.blogimages.image.upload;

import java.util.Arrays;
import java.util.Optional;

/** The image types the service accepts, recognised by their magic bytes rather than by name or declared type. */
public enum ImageType {
    JPEG("jpeg", "image/jpeg", "jpg"),
    PNG("png", "image/png", "png"),
    GIF("gif", "image/gif", "gif"),
    WEBP("webp", "image/webp", "webp");

    /** Bytes {@link #detect} needs to see. */
    public static final int SIGNATURE_LENGTH = 12;

    private final String configName;
    private final String contentType;
    private final String extension;

    ImageType(String configName, String contentType, String extension) {
        this.configName = configName;
        this.contentType = contentType;
        this.extension = extension;
    }

    public String configName() {
        return configName;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** The ImageIO format name of the reader for this type (TwelveMonkeys provides WebP). */
    public String imageIoFormat() {
        return configName;
    }

    public static Optional<ImageType> detect(byte[] head, int length) {
        if (length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        if (length >= 8 && Arrays.equals(head, 0, 8,
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, 8)) {
            return Optional.of(PNG);
        }
        if (length >= 6 && (startsWith(head, "GIF87a") || startsWith(head, "GIF89a"))) {
            return Optional.of(GIF);
        }
        if (length >= 12 && startsWith(head, "RIFF") && head[8] == 'W' && head[9] == 'E' && head[10] == 'B'
                && head[11] == 'P') {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    public static Optional<ImageType> fromContentType(String contentType) {
        return Arrays.stream(values()).filter(t -> t.contentType.equals(contentType)).findFirst();
    }

    private static boolean startsWith(byte[] head, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (head[i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
