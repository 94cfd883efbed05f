package io.blogimages.image.upload;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain unit checks of filename sanitising, Content-Disposition and magic-byte detection (no application). */
class FilenamesAndTypesTest {

    @Test
    void sanitizesFilenames() {
        assertEquals("photo.jpg", Filenames.sanitize("C:\\Users\\me\\photo.jpg"));
        assertEquals("passwd", Filenames.sanitize("../../etc/passwd"));
        assertEquals("a_b_.png", Filenames.sanitize("a\u0000b\u202e.png"));
        assertEquals("Grüße aus Köln.png", Filenames.sanitize("Gru\u0308ße  aus\tKöln.png"));
        assertNull(Filenames.sanitize(" ... "));
        assertNull(Filenames.sanitize(null));
        assertEquals(255, Filenames.sanitize("x".repeat(300)).length());
    }

    @Test
    void offersAnInlineDispositionWithAnAsciiFallback() {
        assertEquals("inline; filename=\"Gr__e.png\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.png",
                Filenames.inlineDisposition("Grüße.png"));
        assertEquals("photo.png", Filenames.downloadName("photo.jpg", "key.png", "png"));
        assertEquals("key.png", Filenames.downloadName(null, "key.png", "png"));
    }

    @Test
    void detectsTypesByMagicBytes() {
        assertEquals(Optional.of(ImageType.JPEG), detect(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}));
        assertEquals(Optional.of(ImageType.PNG), detect(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}));
        assertEquals(Optional.of(ImageType.GIF), detect("GIF89a".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.of(ImageType.WEBP), detect("RIFF\0\0\0\0WEBP".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(detect("RIFF\0\0\0\0WAVE".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(detect("<html>".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(detect(new byte[0]).isEmpty());
    }

    private static Optional<ImageType> detect(byte[] bytes) {
        byte[] head = java.util.Arrays.copyOf(bytes, ImageType.SIGNATURE_LENGTH);
        return ImageType.detect(head, bytes.length);
    }
}
