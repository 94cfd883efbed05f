package io.blogimages.image.upload;

import io.blogimages.image.support.JwtKeysResource;
import io.blogimages.image.support.PhoneImages;
import io.blogimages.image.support.TestTokens;
import io.blogimages.testsupport.PostgresResource;
import io.blogimages.testsupport.S3ProxyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Animation frames and progressive-JPEG scans count against the decode limits, from the container alone, before
 * any pixel is decoded: a small file must not buy a large decode.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "image"), @ResourceArg(name = "gate", value = "true")})
@WithTestResource(S3ProxyResource.class)
@WithTestResource(JwtKeysResource.class)
class DecodeLimitsTest {

    @Test
    void refusesAGifWhoseFramesTogetherPassThePixelLimit() {
        // 25 frames of 5000 × 5000: each frame alone is half the 50-megapixel limit, together 625 megapixels.
        byte[] gif = PhoneImages.animatedGif(5000, 5000, 25);
        assertTrue(gif.length < 2000, "a tiny file");
        assertRefused(gif, "bomb.gif", "too-many-pixels");
    }

    @Test
    void refusesAGifWithMoreFramesThanTheLimit() {
        assertRefused(PhoneImages.animatedGif(10, 10, 1001), "frames.gif", "too-many-frames");
    }

    @Test
    void refusesAnAnimatedWebpWithMoreFramesThanTheLimit() {
        assertRefused(PhoneImages.animatedWebp(1001), "frames.webp", "too-many-frames");
    }

    @Test
    void refusesAProgressiveJpegWithMoreScansThanTheLimit() {
        byte[] jpeg = PhoneImages.jpegWithScans(150);
        assertEquals(150, PhoneImages.scans(jpeg));
        assertRefused(jpeg, "scans.jpg", "too-many-scans");
    }

    @Test
    void acceptsAnimationsAndProgressiveJpegsWithinTheLimits() {
        upload(PhoneImages.animatedGif(100, 100, 50), "ok.gif").then().statusCode(201);
        upload(PhoneImages.animatedWebp(20), "ok.webp").then().statusCode(201);
        byte[] progressive = PhoneImages.progressiveJpeg(64, 48);
        assertTrue(PhoneImages.scans(progressive) > 1, "progressive");
        upload(progressive, "ok.jpg").then().statusCode(201);
    }

    private static void assertRefused(byte[] file, String name, String slug) {
        String post = "post-" + UUID.randomUUID();
        ExtractableResponse<Response> response = upload(file, name, post).then().extract();
        assertEquals(422, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/problem+json"));
        assertEquals("urn:blog-images:problem:" + slug, response.path("type"), response.asString());
        given().get("/api/posts/{post}/images", post).then().statusCode(200).body("$", empty());
    }

    private static Response upload(byte[] file, String name) {
        return upload(file, name, "post-" + UUID.randomUUID());
    }

    private static Response upload(byte[] file, String name, String post) {
        return given().auth().oauth2(TestTokens.admin()).multiPart("file", name, file, "application/octet-stream")
                .post("/api/posts/{post}/images", post);
    }
}
