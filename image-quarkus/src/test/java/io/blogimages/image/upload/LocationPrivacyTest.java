package io.blogimages.image.upload;

import io.blogimages.image.support.JwtKeysResource;
import io.blogimages.image.support.PhoneImages;
import io.blogimages.image.support.TestImages;
import io.blogimages.image.support.TestTokens;
import io.blogimages.testsupport.PostgresResource;
import io.blogimages.testsupport.S3ProxyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every accepted format, laid out as phones and cameras write it, loses its location data and device serials
 * wherever they sit in the file, and keeps its pixels, size and orientation. Over HTTP only: upload, then download
 * the stored object (rerun against the packaged application by the IT).
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "image"), @ResourceArg(name = "gate", value = "true")})
@WithTestResource(S3ProxyResource.class)
@WithTestResource(JwtKeysResource.class)
class LocationPrivacyTest {

    @Test
    void aMultiPictureMotionPhotoJpegKeepsOnlyItsPrimaryImageAndOrientation() throws Exception {
        byte[] original = PhoneImages.jpeg(200, 100, 6);
        assertTrue(PhoneImages.indexOf(original, PhoneImages.gpsLatitudeValue()) >= 0, "the test image carries GPS");

        Stored stored = upload("phone.jpg", original);

        assertNoLocation(stored.bytes());
        TiffImageMetadata exif = ((JpegImageMetadata) Imaging.getMetadata(stored.bytes())).getExif();
        assertNull(exif.getGpsInfo(), "no GPS directory");
        assertNull(exif.findField(ExifTagConstants.EXIF_TAG_GPSINFO), "no GPS IFD pointer");
        assertEquals(6, exif.findField(TiffTagConstants.TIFF_TAG_ORIENTATION).getIntValue(), "orientation kept");
        assertEquals("TestCam", exif.findField(TiffTagConstants.TIFF_TAG_MAKE).getStringValue(), "harmless tags kept");
        assertTrue(PhoneImages.indexOf(stored.bytes(), PhoneImages.iccProfileBytes()) >= 0, "ICC profile kept");
        assertEquals(2, countOf(stored.bytes(), new byte[] {(byte) 0xFF, (byte) 0xD8}) + countOf(stored.bytes(),
                new byte[] {(byte) 0xFF, (byte) 0xD9}), "one image: one SOI, one EOI, nothing after it");
        assertEquals((byte) 0xD9, stored.bytes()[stored.bytes().length - 1]);
        // The primary image's pixels are those of the upload, and it is seen turned a quarter.
        assertPixelsEqual(TestImages.decode(original), TestImages.decode(stored.bytes()));
        assertEquals(100, stored.width());
        assertEquals(200, stored.height());
    }

    @Test
    void aPngLosesItsExifTextChunksAndTrailerButKeepsOrientation() {
        byte[] original = PhoneImages.png(120, 80, 6);
        Stored stored = upload("phone.png", original);

        assertNoLocation(stored.bytes());
        List<String> chunks = new ArrayList<>();
        byte[] exif = null;
        ByteBuffer png = ByteBuffer.wrap(stored.bytes());
        int at = 8;
        while (at < stored.bytes().length) {
            int length = png.getInt(at);
            String type = new String(stored.bytes(), at + 4, 4, StandardCharsets.US_ASCII);
            chunks.add(type);
            if (type.equals("eXIf")) {
                exif = Arrays.copyOfRange(stored.bytes(), at + 8, at + 8 + length);
            }
            at += 12 + length;
        }
        assertEquals(at, stored.bytes().length, "ends with IEND");
        assertEquals("IEND", chunks.getLast());
        assertTrue(Set.of("IHDR", "eXIf", "IDAT", "IEND").containsAll(chunks), chunks.toString());
        assertNotNull(exif, "a fresh eXIf keeps the orientation");
        assertEquals(6, orientationOf(exif));
        assertTrue(exif.length < 64, "the fresh eXIf holds the orientation alone");
        assertPixelsEqual(TestImages.decode(original), TestImages.decode(stored.bytes()));
        assertEquals(80, stored.width(), "seen turned a quarter");
        assertEquals(120, stored.height());
    }

    @Test
    void aWebpLosesItsExifAndXmpChunksAndTheirFlags() {
        Stored stored = upload("phone.webp", PhoneImages.webp(3));

        assertNoLocation(stored.bytes());
        ByteBuffer riff = ByteBuffer.wrap(stored.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(stored.bytes().length - 8, riff.getInt(4), "RIFF size describes the stored file");
        List<String> chunks = new ArrayList<>();
        byte[] exif = null;
        int at = 12;
        while (at < stored.bytes().length) {
            String type = new String(stored.bytes(), at, 4, StandardCharsets.US_ASCII);
            int size = riff.getInt(at + 4);
            chunks.add(type);
            if (type.equals("EXIF")) {
                exif = Arrays.copyOfRange(stored.bytes(), at + 8, at + 8 + size);
            }
            at += 8 + size + (size & 1);
        }
        assertEquals(List.of("VP8X", "VP8L", "EXIF"), chunks);
        assertEquals(0x08, stored.bytes()[20] & 0x0C, "VP8X announces EXIF, no longer XMP");
        assertEquals(3, orientationOf(exif), "orientation kept");
        BufferedImage decoded = TestImages.decode(stored.bytes());
        assertEquals(1, decoded.getWidth());
        assertEquals(1, decoded.getHeight());
    }

    @Test
    void aGifLosesItsXmpCommentAndTrailerButKeepsItsAnimationBlock() {
        byte[] original = PhoneImages.gif(60, 40);
        Stored stored = upload("phone.gif", original);

        assertNoLocation(stored.bytes());
        assertTrue(PhoneImages.indexOf(stored.bytes(), "NETSCAPE2.0".getBytes(StandardCharsets.US_ASCII)) > 0,
                "the loop block stays");
        assertEquals(0x3B, stored.bytes()[stored.bytes().length - 1], "ends with the trailer");
        assertPixelsEqual(TestImages.decode(original), TestImages.decode(stored.bytes()));
        assertEquals(60, stored.width());
        assertEquals(40, stored.height());
    }

    @Test
    void aFileWithNothingToRemoveIsStoredAsUploaded() {
        for (byte[] plain : List.of(TestImages.jpeg(64, 48), TestImages.png(30, 20), TestImages.gif(30, 20),
                TestImages.webp(), PhoneImages.progressiveJpeg(64, 48))) {
            assertArrayEquals(plain, upload("plain", plain).bytes());
        }
    }

    record Stored(byte[] bytes, int width, int height) {
    }

    /** Uploads, downloads the stored object, and checks that size and sha256 describe the stored bytes. */
    private static Stored upload(String filename, byte[] file) {
        ExtractableResponse<Response> response = given().auth().oauth2(TestTokens.admin())
                .multiPart("file", filename, file, "application/octet-stream")
                .post("/api/posts/{post}/images", "post-" + UUID.randomUUID()).then().statusCode(201).extract();
        byte[] stored = given().get("/api/images/{key}", (String) response.path("[0].key")).then().statusCode(200)
                .extract().asByteArray();
        assertEquals(stored.length, (int) response.path("[0].size"), "size of the stored bytes");
        assertEquals(sha256(stored), response.path("[0].sha256"), "sha256 of the stored bytes");
        return new Stored(stored, response.path("[0].width"), response.path("[0].height"));
    }

    static void assertNoLocation(byte[] stored) {
        for (String marker : PhoneImages.MARKERS) {
            assertEquals(-1, PhoneImages.indexOf(stored, marker.getBytes(StandardCharsets.UTF_8)),
                    "\"" + marker + "\" is gone");
        }
        assertEquals(-1, PhoneImages.indexOf(stored, PhoneImages.gpsLatitudeValue()), "the GPS latitude is gone");
    }

    private static int orientationOf(byte[] tiff) {
        ByteBuffer buffer = ByteBuffer.wrap(tiff);
        int ifd = buffer.getInt(4);
        int entries = buffer.getShort(ifd);
        for (int i = 0; i < entries; i++) {
            if (buffer.getShort(ifd + 2 + 12 * i) == 0x0112) {
                return buffer.getShort(ifd + 2 + 12 * i + 8);
            }
        }
        return 1;
    }

    private static int countOf(byte[] haystack, byte[] needle) {
        int count = 0;
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                count++;
            }
        }
        return count;
    }

    private static void assertPixelsEqual(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                if (expected.getRGB(x, y) != actual.getRGB(x, y)) {
                    throw new AssertionError("pixel " + x + "," + y + " differs");
                }
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
