package io.blogimages.gateway.route;

import io.blogimages.gateway.StackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

import static io.blogimages.gateway.GatewayApi.adminToken;
import static io.blogimages.gateway.GatewayApi.client;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Large bodies pass through the gateway both ways intact, with ranges, ETags and the thumbnail cache. */
@QuarkusTest
@WithTestResource(StackResource.class)
class StreamingTest {

    @Test
    void aLargeUploadAndItsDownloadPassThroughIntact() throws Exception {
        byte[] png = noisePng(2300, 2100, 7); // about 14 MiB that PNG cannot compress
        assertTrue(png.length > 12 * 1024 * 1024, "big enough: " + png.length);
        String post = "stream-" + UUID.randomUUID();

        Response upload = client().auth().oauth2(adminToken())
                .multiPart("file", "noise.png", png, "image/png")
                .post("/api/posts/" + post + "/images");
        upload.then().statusCode(201).body("[0].size", equalTo(png.length)).body("[0].sha256", equalTo(sha256(png)));
        String key = upload.path("[0].key");

        byte[] downloaded = client().get("/api/images/" + key).then().statusCode(200)
                .header("Content-Length", Integer.toString(png.length))
                .header("ETag", notNullValue())
                .extract().asByteArray();
        assertArrayEquals(png, downloaded);

        byte[] part = client().header("Range", "bytes=1000-1999").get("/api/images/" + key).then()
                .statusCode(206).header("Content-Range", "bytes 1000-1999/" + png.length).extract().asByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(png, 1000, 2000), part);
    }

    @Test
    void hotThumbnailsComeFromTheGatewaysMemoryWithTheSameEtags() throws Exception {
        String post = "thumbs-" + UUID.randomUUID();
        String token = adminToken();
        String key = client().auth().oauth2(token).multiPart("file", "small.png", noisePng(640, 480, 3), "image/png")
                .post("/api/posts/" + post + "/images").then().statusCode(201).extract().path("[0].key");

        Response first = client().get("/api/images/" + key + "/thumbnail");
        first.then().statusCode(200).header("X-Cache", org.hamcrest.Matchers.nullValue());
        Response second = client().get("/api/images/" + key + "/thumbnail");
        second.then().statusCode(200).header("X-Cache", "HIT")
                .header("ETag", first.header("ETag"))
                .header("Cache-Control", first.header("Cache-Control"))
                .header("Content-Type", first.header("Content-Type"));
        assertArrayEquals(first.asByteArray(), second.asByteArray());
        client().header("If-None-Match", first.header("ETag")).get("/api/images/" + key + "/thumbnail").then()
                .statusCode(304).header("X-Cache", "HIT");

        // deleting the image through the gateway forgets its thumbnail at once
        client().auth().oauth2(token).delete("/api/images/" + key).then().statusCode(204);
        client().get("/api/images/" + key + "/thumbnail").then().statusCode(404);
    }

    @Test
    void deletingAWholePostForgetsEveryCachedThumbnailOfItAtOnce() throws Exception {
        String post = "thumbs-" + UUID.randomUUID();
        String other = "thumbs-" + UUID.randomUUID();
        String token = adminToken();
        java.util.List<String> keys = client().auth().oauth2(token)
                .multiPart("file", "a.png", noisePng(320, 240, 4), "image/png")
                .multiPart("file", "b.png", noisePng(320, 240, 5), "image/png")
                .post("/api/posts/" + post + "/images").then().statusCode(201).extract().path("key");
        String kept = client().auth().oauth2(token).multiPart("file", "c.png", noisePng(320, 240, 6), "image/png")
                .post("/api/posts/" + other + "/images").then().statusCode(201).extract().path("[0].key");
        for (String key : java.util.List.of(keys.get(0), keys.get(1), kept)) {
            client().get("/api/images/" + key + "/thumbnail").then().statusCode(200)
                    .header("X-Post-Id", org.hamcrest.Matchers.nullValue()); // internal to gateway and service
            client().get("/api/images/" + key + "/thumbnail").then().statusCode(200).header("X-Cache", "HIT");
        }

        client().auth().oauth2(token).delete("/api/posts/" + post + "/images").then().statusCode(204);
        for (String key : keys) {
            client().get("/api/images/" + key + "/thumbnail").then().statusCode(404);
        }
        client().get("/api/images/" + kept + "/thumbnail").then().statusCode(200).header("X-Cache", "HIT");
    }

    static byte[] noisePng(int width, int height, long seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
