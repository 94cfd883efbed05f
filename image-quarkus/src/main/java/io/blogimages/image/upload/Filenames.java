package io.blogimages.image.upload;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * The client's filename is kept only as metadata: reduced to a plain, printable base name, and never used to
 * build a key or a path.
 */
public final class Filenames {

    private static final int MAX_LENGTH = 255;

    private Filenames() {
    }

    /** A safe display name: last path segment, NFC, no control or shell/HTML-special characters; or null. */
    public static String sanitize(String name) {
        if (name == null) {
            return null;
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        base = Normalizer.normalize(base, Normalizer.Form.NFC);
        StringBuilder clean = new StringBuilder();
        base.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp)) {
                clean.append(' ');
            } else if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                    || "\"<>:|?*%;`$".indexOf(cp) >= 0) {
                clean.append('_');
            } else {
                clean.appendCodePoint(cp);
            }
        });
        String result = clean.toString().replaceAll(" +", " ").replaceAll("^[ .]+|[ .]+$", "");
        if (result.isEmpty()) {
            return null;
        }
        while (result.length() > MAX_LENGTH) {
            result = result.substring(0, result.offsetByCodePoints(0, result.codePointCount(0, result.length()) - 1));
        }
        return result;
    }

    /**
     * The name a download offers: the original base name with the extension of the detected type (so a PNG
     * uploaded as {@code photo.jpg} is saved as {@code photo.png}), or the key.
     */
    public static String downloadName(String originalFilename, String key, String extension) {
        if (originalFilename == null) {
            return key;
        }
        int dot = originalFilename.lastIndexOf('.');
        String stem = dot > 0 ? originalFilename.substring(0, dot) : originalFilename;
        return stem + "." + extension;
    }

    /** {@code inline} with an ASCII fallback and the exact name as RFC 5987 {@code filename*}. */
    public static String inlineDisposition(String filename) {
        StringBuilder ascii = new StringBuilder();
        filename.chars().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return "inline; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
