package io.blogimages.image.upload;

import io.blogimages.image.api.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The multipart reader on bodies built byte by byte: what is spooled, what is skipped, what is refused. */
class MultipartUploadsTest {

    private static final String BOUNDARY = "----bench-7MA4YWxkTrZu0gW";
    private static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    @TempDir
    Path directory;

    @Test
    void spoolsEveryFilePartByteForByteAndSkipsTheOthers() throws Exception {
        // Larger than the read buffer, and full of CR, LF and dashes, so the boundary search is really tested.
        byte[] first = new byte[300_000];
        new Random(7).nextBytes(first);
        for (int i = 0; i < first.length; i += 997) {
            first[i] = '\r';
            first[i + 1] = '\n';
            first[i + 2] = '-';
            first[i + 3] = '-';
        }
        byte[] second = "tiny".getBytes(StandardCharsets.US_ASCII);
        byte[] body = body(
                part("name=\"title\"", "not a file".getBytes(StandardCharsets.UTF_8)),
                part("name=\"file\"; filename=\"Straße 1.png\"", first),
                part("name=\"other\"; filename=\"ignored.png\"", second),
                part("name=\"file\"; filename=\"b.jpg\"", second));

        List<MultipartUploads.Part> parts = MultipartUploads.spool(CONTENT_TYPE, new ByteArrayInputStream(body),
                directory, 20, 1_000_000);

        assertEquals(2, parts.size());
        assertEquals("Straße 1.png", parts.get(0).filename());
        assertArrayEquals(first, Files.readAllBytes(parts.get(0).file()));
        assertEquals("b.jpg", parts.get(1).filename());
        assertArrayEquals(second, Files.readAllBytes(parts.get(1).file()));
        // The digest computed on the way in is the digest of what was spooled.
        assertEquals(sha256(first), parts.get(0).sha256());
        assertEquals(sha256(second), parts.get(1).sha256());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aFileOverTheLimitIsA413AndNothingStaysOnDisk() throws Exception {
        byte[] body = body(part("name=\"file\"; filename=\"a.png\"", new byte[100]),
                part("name=\"file\"; filename=\"b.png\"", new byte[1001]));
        ApiException refused = refused(CONTENT_TYPE, body, 20, 1000);
        assertEquals(413, refused.status());
        assertEquals("file-too-large", refused.slug());
        assertEmpty();
    }

    @Test
    void moreFilesThanAllowedIsA400AndNothingStaysOnDisk() throws Exception {
        byte[] body = body(part("name=\"file\"; filename=\"a.png\"", new byte[10]),
                part("name=\"file\"; filename=\"b.png\"", new byte[10]));
        assertEquals(400, refused(CONTENT_TYPE, body, 1, 1000).status());
        assertEmpty();
    }

    @Test
    void aTruncatedBodyOrAMissingBoundaryIsA400AndNothingStaysOnDisk() throws Exception {
        byte[] body = body(part("name=\"file\"; filename=\"a.png\"", new byte[5000]));
        byte[] truncated = java.util.Arrays.copyOf(body, body.length - BOUNDARY.length() - 10);
        assertEquals(400, refused(CONTENT_TYPE, truncated, 20, 10_000).status());
        assertEquals(400, refused("multipart/form-data", body, 20, 10_000).status());
        assertEmpty();
    }

    private ApiException refused(String contentType, byte[] body, int maxFiles, long maxFileSize) {
        return assertThrows(ApiException.class, () -> MultipartUploads.spool(contentType,
                new ByteArrayInputStream(body), directory, maxFiles, maxFileSize));
    }

    private void assertEmpty() throws Exception {
        try (var files = Files.list(directory)) {
            assertEquals(List.of(), files.toList());
        }
    }

    private static byte[] part(String disposition, byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; " + disposition
                + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] body(byte[]... parts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part);
        }
        out.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
