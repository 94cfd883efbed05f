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
    void everyBufferSizeReadsTheSameParts() throws Exception {
        // Tiny buffers put every delimiter, near-miss ("\r\n--" + most of the boundary) and header ending across a
        // refill at some size; the preamble and epilogue must be ignored.
        byte[] tricky = ("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1) + "x\r\n\r\n--\r\n-")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] first = new byte[5000];
        new Random(3).nextBytes(first);
        System.arraycopy(tricky, 0, first, 100, tricky.length);
        System.arraycopy(tricky, 0, first, first.length - tricky.length, tricky.length);
        byte[] body = concat("This is the preamble.\r\n".getBytes(StandardCharsets.US_ASCII),
                body(part("name=\"file\"; filename=\"a.png\"", first),
                        part("name=\"file\"; filename=\"empty.png\"", new byte[0]),
                        part("name=\"file\"; filename=\"b.png\"", tricky)),
                "and an epilogue".getBytes(StandardCharsets.US_ASCII));
        for (int bufferSize = 1; bufferSize <= 300; bufferSize += 7) {
            Path into = Files.createTempDirectory(directory, "size-" + bufferSize + "-");
            List<MultipartUploads.Part> parts = MultipartUploads.spool(CONTENT_TYPE, new ByteArrayInputStream(body),
                    into, 20, 1_000_000, bufferSize);
            assertEquals(List.of("a.png", "empty.png", "b.png"), parts.stream().map(MultipartUploads.Part::filename).toList(),
                    "buffer " + bufferSize);
            assertArrayEquals(first, Files.readAllBytes(parts.get(0).file()), "buffer " + bufferSize);
            assertArrayEquals(new byte[0], Files.readAllBytes(parts.get(1).file()), "buffer " + bufferSize);
            assertArrayEquals(tricky, Files.readAllBytes(parts.get(2).file()), "buffer " + bufferSize);
        }
    }

    @Test
    void aBodyThatOpensWithoutPreambleOrClosesAtOnceIsRead() throws Exception {
        byte[] closedAtOnce = ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(), MultipartUploads.spool(CONTENT_TYPE, new ByteArrayInputStream(closedAtOnce),
                directory, 20, 1000));
        byte[] noHeaders = ("--" + BOUNDARY + "\r\n\r\nanonymous\r\n--" + BOUNDARY + "--").getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(), MultipartUploads.spool(CONTENT_TYPE, new ByteArrayInputStream(noHeaders),
                directory, 20, 1000), "a part without headers is no file part");
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
        byte[] cutInHeaders = ("--" + BOUNDARY + "\r\nContent-Disposition: form-da").getBytes(StandardCharsets.US_ASCII);
        assertEquals(400, refused(CONTENT_TYPE, cutInHeaders, 20, 10_000).status());
        byte[] noBoundaryAtAll = "just some text".getBytes(StandardCharsets.US_ASCII);
        assertEquals(400, refused(CONTENT_TYPE, noBoundaryAtAll, 20, 10_000).status());
        byte[] badAfterBoundary = ("--" + BOUNDARY + "xx").getBytes(StandardCharsets.US_ASCII);
        assertEquals(400, refused(CONTENT_TYPE, badAfterBoundary, 20, 10_000).status());
        byte[] endlessHeaders = ("--" + BOUNDARY + "\r\nX: " + "a".repeat(20_000)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(400, refused(CONTENT_TYPE, endlessHeaders, 20, 10_000).status());
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

    private static byte[] concat(byte[]... pieces) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.write(piece);
        }
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
