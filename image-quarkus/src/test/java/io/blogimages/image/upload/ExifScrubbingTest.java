package io.blogimages.image.upload;

import io.blogimages.image.storage.StorageConfig;
import io.blogimages.image.support.JwtKeysResource;
import io.blogimages.image.support.TestImages;
import io.blogimages.image.support.TestTokens;
import io.blogimages.testsupport.PostgresResource;
import io.blogimages.testsupport.S3ProxyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stored JPEGs lose location and device serials, keep orientation and every pixel; thumbnails stand upright. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "image"), @ResourceArg(name = "gate", value = "true")})
@WithTestResource(S3ProxyResource.class)
@WithTestResource(JwtKeysResource.class)
class ExifScrubbingTest {

    @Inject
    S3Client s3;

    @Inject
    StorageConfig storage;

    @Test
    void removesGpsAndSerialsKeepsOrientationAndPixels() throws Exception {
        byte[] original = TestImages.jpegWithExif(200, 100, 6);
        TiffImageMetadata uploadedExif = exif(original);
        assertNotNull(uploadedExif.getGpsInfo(), "the test image carries GPS");
        assertNotNull(uploadedExif.findField(ExifTagConstants.EXIF_TAG_BODY_SERIAL_NUMBER));

        ExtractableResponse<Response> response = given().auth().oauth2(TestTokens.admin())
                .multiPart("file", "phone.jpg", original, "image/jpeg")
                .post("/api/posts/{post}/images", "post-" + UUID.randomUUID()).then().statusCode(201).extract();
        String key = response.path("[0].key");
        // Width and height as the image is seen: orientation 6 turns it a quarter.
        assertEquals(100, (int) response.path("[0].width"));
        assertEquals(200, (int) response.path("[0].height"));

        byte[] stored = s3.getObjectAsBytes(get -> get.bucket(storage.bucket()).key(key)).asByteArray();
        assertEquals(stored.length, (int) response.path("[0].size"));
        TiffImageMetadata storedExif = exif(stored);
        assertNull(storedExif.getGpsInfo(), "GPS removed");
        assertNull(storedExif.findField(ExifTagConstants.EXIF_TAG_BODY_SERIAL_NUMBER), "body serial removed");
        assertNull(storedExif.findField(ExifTagConstants.EXIF_TAG_LENS_SERIAL_NUMBER), "lens serial removed");
        assertEquals(6, storedExif.findField(TiffTagConstants.TIFF_TAG_ORIENTATION).getIntValue(), "orientation kept");
        assertEquals("TestCam", storedExif.findField(TiffTagConstants.TIFF_TAG_MAKE).getStringValue(), "harmless tags kept");
        // Lossless: the compressed image data is the same, byte for byte.
        assertArrayEquals(fromStartOfScan(original), fromStartOfScan(stored));

        BufferedImage thumbnail = TestImages.decode(given().get("/api/images/{key}/thumbnail", key).then()
                .statusCode(200).extract().asByteArray());
        assertEquals(100, thumbnail.getWidth());
        assertEquals(200, thumbnail.getHeight());
        // Left half red turned clockwise: red on top, blue below.
        assertTrue(isMostly(thumbnail.getRGB(50, 20), Color.RED), "top is red");
        assertTrue(isMostly(thumbnail.getRGB(50, 180), Color.BLUE), "bottom is blue");
    }

    @Test
    void storesAJpegWithoutAnythingToRemoveUnchanged() {
        byte[] plain = TestImages.jpeg(64, 48);
        String key = given().auth().oauth2(TestTokens.admin()).multiPart("file", "plain.jpg", plain, "image/jpeg")
                .post("/api/posts/{post}/images", "post-" + UUID.randomUUID()).then().statusCode(201)
                .extract().path("[0].key");
        assertArrayEquals(plain, s3.getObjectAsBytes(get -> get.bucket(storage.bucket()).key(key)).asByteArray());
    }

    private static TiffImageMetadata exif(byte[] jpeg) throws Exception {
        return ((JpegImageMetadata) Imaging.getMetadata(jpeg)).getExif();
    }

    private static byte[] fromStartOfScan(byte[] jpeg) {
        for (int i = 2; i < jpeg.length - 1; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xda) {
                return Arrays.copyOfRange(jpeg, i, jpeg.length);
            }
        }
        throw new AssertionError("no start of scan");
    }

    private static boolean isMostly(int rgb, Color color) {
        Color actual = new Color(rgb);
        return Math.abs(actual.getRed() - color.getRed()) < 60 && Math.abs(actual.getGreen() - color.getGreen()) < 60
                && Math.abs(actual.getBlue() - color.getBlue()) < 60;
    }
}
