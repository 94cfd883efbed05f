package io.blogimages.image.upload;

import io.blogimages.image.api.ApiException;
import org.apache.commons.fileupload2.core.ParameterParser;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/form-data} body as it arrives and spools each file part named {@code file} to its own
 * temporary file; other parts are skipped.
 *
 * <p>Why not Quarkus REST's own form parsing: its parser (adapted from Undertow) looks at the body one byte at a
 * time, and a JFR profile of a 500 MiB upload showed it taking half of the image service's CPU. {@link
 * MultipartReader} finds the delimiters with a skipping search and copies the part bodies in bulk. Memory stays
 * at one buffer whatever the file size, and a file over the size limit is refused as soon as its bytes pass the
 * limit, not after it was spooled whole.
 */
public final class MultipartUploads {

    /**
     * A spooled file part; the caller deletes {@link #file()}. {@code sha256} is the hex SHA-256 of its bytes,
     * computed while they arrived (no second pass over a large file).
     */
    public record Part(Path file, String filename, String sha256) {
    }

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int HEADER_SIZE_MAX = 16 * 1024;
    private static final String FIELD = "file";

    private MultipartUploads() {
    }

    /**
     * Spools the file parts of the body. On any failure the files spooled so far are deleted before the exception
     * leaves.
     *
     * @param contentType the request's Content-Type, carrying the boundary
     * @param maxFiles    more file parts than this is a 400
     * @param maxFileSize a file part larger than this is a 413
     */
    public static List<Part> spool(String contentType, InputStream body, Path directory, int maxFiles,
                                   long maxFileSize) {
        return spool(contentType, body, directory, maxFiles, maxFileSize, BUFFER_SIZE);
    }

    /** As above, with the reader's buffer size (tests use tiny ones to put every edge case across a refill). */
    static List<Part> spool(String contentType, InputStream body, Path directory, int maxFiles, long maxFileSize,
                            int bufferSize) {
        byte[] boundary = boundary(contentType);
        List<Part> parts = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            MultipartReader input = new MultipartReader(body, boundary, bufferSize, HEADER_SIZE_MAX);
            boolean next = input.skipPreamble();
            while (next) {
                Map<String, String> disposition = contentDisposition(input.readHeaders());
                String filename = disposition.get("filename");
                if (FIELD.equals(disposition.get("name")) && filename != null) {
                    if (parts.size() == maxFiles) {
                        throw ApiException.badRequest(FIELD, "at most " + maxFiles + " files per request");
                    }
                    Path file = Files.createTempFile(directory, "upload-", ".part");
                    String label = "file " + (parts.size() + 1);
                    MessageDigest digest = Sha256.newDigest();
                    try (OutputStream out = new Limited(new DigestOutputStream(Files.newOutputStream(file), digest),
                            maxFileSize, label)) {
                        // Added before the body is read, so a refused or broken part is deleted with the others.
                        parts.add(new Part(file, filename, null));
                        next = input.readBody(out);
                    }
                    parts.set(parts.size() - 1, new Part(file, filename, Sha256.hex(digest)));
                } else {
                    next = input.readBody(null);
                }
            }
            return parts;
        } catch (MultipartReader.MalformedException e) {
            delete(parts);
            throw ApiException.badRequest(FIELD, "the multipart body is malformed: " + e.getMessage());
        } catch (IOException e) {
            delete(parts);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            delete(parts);
            throw e;
        }
    }

    public static void delete(List<Part> parts) {
        parts.forEach(part -> part.file().toFile().delete());
    }

    private static byte[] boundary(String contentType) {
        Map<String, String> parameters = parser().parse(contentType == null ? "" : contentType, new char[] {';', ','});
        String boundary = parameters.get("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw ApiException.badRequest(FIELD, "a multipart/form-data body with a boundary (1 to 70 characters) is required");
        }
        return boundary.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The parameters of the part's Content-Disposition header (name, filename), empty without one. */
    private static Map<String, String> contentDisposition(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
                String value = line.substring(colon + 1).trim();
                if (value.toLowerCase(Locale.ROOT).startsWith("form-data")) {
                    return parser().parse(value, ';');
                }
            }
        }
        return Map.of();
    }

    private static ParameterParser parser() {
        ParameterParser parser = new ParameterParser();
        parser.setLowerCaseNames(true);
        return parser;
    }

    /** Counts what is written and refuses the byte past the limit with a 413. */
    private static final class Limited extends FilterOutputStream {
        private final long limit;
        private final String label;
        private long written;

        Limited(OutputStream out, long limit, String label) {
            super(out);
            this.limit = limit;
            this.label = label;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(int len) {
            written += len;
            if (written > limit) {
                throw new ApiException(413, "file-too-large",
                        label + " is larger than the limit of " + limit + " bytes");
            }
        }
    }
}
