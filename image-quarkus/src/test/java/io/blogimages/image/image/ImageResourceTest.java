package io.blogimages.image.image;

import io.blogimages.image.support.JwtKeysResource;
import io.blogimages.image.support.TestImages;
import io.blogimages.image.support.TestTokens;
import io.blogimages.testsupport.PostgresResource;
import io.blogimages.testsupport.S3ProxyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every row of the Images section of the contract, over HTTP only (rerun against the packaged app by the IT). */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "image"), @ResourceArg(name = "gate", value = "true")})
@WithTestResource(S3ProxyResource.class)
@WithTestResource(JwtKeysResource.class)
class ImageResourceTest {

    static final String KEY_PATTERN = "[A-Za-z0-9_-]{22}\\.(jpg|png|gif|webp)";

    static String newPost() {
        return "post-" + UUID.randomUUID();
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.admin());
    }

    static RequestSpecification withFiles(RequestSpecification request, Object... nameAndBytes) {
        for (int i = 0; i < nameAndBytes.length; i += 2) {
            request = request.multiPart("file", (String) nameAndBytes[i], (byte[]) nameAndBytes[i + 1],
                    "application/octet-stream");
        }
        return request;
    }

    static ExtractableResponse<Response> upload(String post, Object... nameAndBytes) {
        return withFiles(admin(), nameAndBytes).post("/api/posts/{post}/images", post)
                .then().statusCode(201).extract();
    }

    static void assertProblem(ExtractableResponse<Response> response, int status, String path) {
        assertEquals(status, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        assertEquals(status, (int) response.path("status"));
        assertEquals(path, response.path("instance"));
        assertEquals(response.header("X-Request-Id"), response.path("requestId"));
        assertTrue(response.path("title") != null && response.path("type") != null && response.path("detail") != null);
    }

    // ---- upload ------------------------------------------------------------------------------------------

    @Test
    void uploadsSeveralFilesAndAnswersImageObjectsInUploadOrder() throws Exception {
        String post = newPost();
        byte[] png = TestImages.png(640, 480);
        ExtractableResponse<Response> response = upload(post,
                "first.png", png, "second.jpg", TestImages.jpeg(120, 80), "third.gif", TestImages.gif(30, 20),
                "fourth.webp", TestImages.webp());

        assertEquals(List.of("first.png", "second.jpg", "third.gif", "fourth.webp"), response.path("originalFilename"));
        assertEquals(List.of("image/png", "image/jpeg", "image/gif", "image/webp"), response.path("contentType"));
        assertEquals(List.of(0, 1, 2, 3), response.path("position"));
        assertEquals(List.of(true, false, false, false), response.path("thumbnail"));
        assertEquals(List.of(640, 120, 30, 1), response.path("width"));
        assertEquals(List.of(480, 80, 20, 1), response.path("height"));
        Map<String, Object> first = response.path("[0]");
        String key = (String) first.get("key");
        assertTrue(key.matches(KEY_PATTERN) && key.endsWith(".png"), key);
        assertEquals(post, first.get("postId"));
        assertEquals(png.length, first.get("size"));
        assertEquals(sha256(png), first.get("sha256"));
        assertEquals("/api/images/" + key, first.get("url"));
        assertEquals("/api/images/" + key + "/thumbnail", first.get("thumbnailUrl"));
        assertTrue(first.get("id") != null && first.get("createdAt") != null);
    }

    @Test
    void laterUploadsAppendPositionsAndKeepTheFirstThumbnail() {
        String post = newPost();
        upload(post, "a.png", TestImages.png(10, 10));
        ExtractableResponse<Response> second = upload(post, "b.png", TestImages.png(10, 10), "c.png", TestImages.png(10, 10));
        assertEquals(List.of(1, 2), second.path("position"));
        assertEquals(List.of(false, false), second.path("thumbnail"));
    }

    @Test
    void refusesARequestWithoutFilePart() {
        String post = newPost();
        assertProblem(admin().multiPart("other", "x").post("/api/posts/{post}/images", post).then().extract(),
                400, "/api/posts/" + post + "/images");
        ExtractableResponse<Response> response = admin().multiPart("file", "just text")
                .post("/api/posts/{post}/images", post).then().extract();
        assertProblem(response, 400, "/api/posts/" + post + "/images");
        assertEquals("file", response.path("errors[0].field"));
    }

    @Test
    void refusesMoreFilesThanTheLimit() {
        String post = newPost();
        RequestSpecification request = admin();
        byte[] png = TestImages.png(4, 4);
        for (int i = 0; i < 21; i++) {
            request = request.multiPart("file", "f" + i + ".png", png, "image/png");
        }
        assertProblem(request.post("/api/posts/{post}/images", post).then().extract(), 400, "/api/posts/" + post + "/images");
        given().get("/api/posts/{post}/images", post).then().statusCode(200).body("$", empty());
    }

    @Test
    void refusesAFileOverTheSizeLimitWith413() {
        String post = newPost();
        byte[] big = Arrays.copyOf(TestImages.png(10, 10), 20 * 1024 * 1024 + 1);
        ExtractableResponse<Response> response = withFiles(admin(), "big.png", big)
                .post("/api/posts/{post}/images", post).then().extract();
        assertProblem(response, 413, "/api/posts/" + post + "/images");
        assertEquals("urn:blog-images:problem:file-too-large", response.path("type"));
    }

    @Test
    void decidesTheTypeByTheBytes() {
        String post = newPost();
        // A PNG named .jpg and declared image/jpeg is stored as what it is.
        ExtractableResponse<Response> stored = admin()
                .multiPart("file", "holiday.jpg", TestImages.png(20, 20), "image/jpeg")
                .post("/api/posts/{post}/images", post).then().statusCode(201).extract();
        assertEquals("image/png", stored.path("[0].contentType"));
        assertTrue(stored.<String>path("[0].key").endsWith(".png"));
        given().get(stored.<String>path("[0].url")).then().statusCode(200).contentType("image/png")
                .header("Content-Disposition", containsString("holiday.png"));

        // HTML named .png and declared image/png is refused.
        ExtractableResponse<Response> html = admin().multiPart("file", "cat.png", TestImages.html(), "image/png")
                .post("/api/posts/{post}/images", post).then().extract();
        assertProblem(html, 415, "/api/posts/" + post + "/images");
        assertEquals("urn:blog-images:problem:unsupported-image-type", html.path("type"));
    }

    @Test
    void refusesTruncatedAndUndecodableImagesWith422() {
        String post = newPost();
        ExtractableResponse<Response> truncated = withFiles(admin(), "cut.jpg", TestImages.truncatedJpeg())
                .post("/api/posts/{post}/images", post).then().extract();
        assertProblem(truncated, 422, "/api/posts/" + post + "/images");
        assertEquals("urn:blog-images:problem:undecodable-image", truncated.path("type"));

        byte[] png = TestImages.png(50, 50);
        byte[] brokenPng = Arrays.copyOf(png, png.length - 30);
        assertProblem(withFiles(admin(), "broken.png", brokenPng).post("/api/posts/{post}/images", post).then().extract(),
                422, "/api/posts/" + post + "/images");
        given().get("/api/posts/{post}/images", post).then().statusCode(200).body("$", empty());
    }

    @Test
    void refusesAnImageBombFromItsHeader() {
        String post = newPost();
        ExtractableResponse<Response> response = withFiles(admin(), "bomb.png", TestImages.pngClaiming(100_000, 100_000))
                .post("/api/posts/{post}/images", post).then().extract();
        assertProblem(response, 422, "/api/posts/" + post + "/images");
        assertEquals("urn:blog-images:problem:too-many-pixels", response.path("type"));
    }

    @Test
    void aBadFileAmongGoodOnesStoresNothing() {
        String post = newPost();
        ExtractableResponse<Response> response = withFiles(admin(), "good.png", TestImages.png(30, 30),
                "good.jpg", TestImages.jpeg(30, 30), "bad.png", TestImages.html())
                .post("/api/posts/{post}/images", post).then().extract();
        assertProblem(response, 415, "/api/posts/" + post + "/images");
        given().get("/api/posts/{post}/images", post).then().statusCode(200).body("$", empty());
        given().get("/api/posts/{post}/thumbnail", post).then().statusCode(404);
    }

    @Test
    void sanitizesTheOriginalFilename() {
        String post = newPost();
        ExtractableResponse<Response> response = upload(post, "../../etc/<script>x.png", TestImages.png(5, 5));
        assertEquals("_script_x.png", response.path("[0].originalFilename"));
    }

    // ---- validation, security, errors --------------------------------------------------------------------

    @Test
    void refusesAnInvalidPostId() {
        for (String bad : List.of("has.dot", "x".repeat(65), "sp%20ace")) {
            ExtractableResponse<Response> response = given().urlEncodingEnabled(false)
                    .get("/api/posts/" + bad + "/images").then().extract();
            assertEquals(400, response.statusCode(), bad);
            assertEquals("postId", response.path("errors[0].field"));
            assertTrue(response.contentType().startsWith("application/problem+json"));
        }
        assertProblem(withFiles(admin(), "a.png", TestImages.png(5, 5)).post("/api/posts/bad.id/images").then().extract(),
                400, "/api/posts/bad.id/images");
    }

    @Test
    void writesNeedAValidAdminToken() {
        String post = newPost();
        String path = "/api/posts/" + post + "/images";
        ExtractableResponse<Response> anonymous = withFiles(given(), "a.png", TestImages.png(5, 5)).post(path).then().extract();
        assertProblem(anonymous, 401, path);
        assertEquals("Bearer", anonymous.header("WWW-Authenticate"));

        for (String token : List.of(TestTokens.expired(), TestTokens.wrongIssuer(), TestTokens.wrongAudience(),
                TestTokens.unknownKey(true), TestTokens.unknownKey(false), TestTokens.algNone(), "not-a-jwt")) {
            ExtractableResponse<Response> response = withFiles(given().auth().oauth2(token), "a.png", TestImages.png(5, 5))
                    .post(path).then().extract();
            assertProblem(response, 401, path);
            assertEquals("Bearer", response.header("WWW-Authenticate"));
        }
        assertProblem(withFiles(given().auth().oauth2(TestTokens.user()), "a.png", TestImages.png(5, 5))
                .post(path).then().extract(), 403, path);
        assertProblem(given().auth().oauth2(TestTokens.user()).delete(path).then().extract(), 403, path);
        assertProblem(given().delete("/api/images/AAAAAAAAAAAAAAAAAAAAAA.png").then().extract(), 401,
                "/api/images/AAAAAAAAAAAAAAAAAAAAAA.png");
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("key", "x"))
                .put("/api/posts/{post}/thumbnail", post).then().extract(), 401, "/api/posts/" + post + "/thumbnail");
        given().get(path).then().statusCode(200).body("$", empty());
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        assertProblem(given().get("/api/nothing-here").then().extract(), 404, "/api/nothing-here");
        assertProblem(admin().patch("/api/posts/p1/images").then().extract(), 405, "/api/posts/p1/images");
        assertProblem(admin().contentType(ContentType.JSON).body("{\"not\":").put("/api/posts/p1/thumbnail").then().extract(),
                400, "/api/posts/p1/thumbnail");
    }

    @Test
    void aBodyOverTheRequestLimitIsAProblemWithoutBeingRead() throws Exception {
        // Announces 1 GiB; the server must refuse from the header, before any of it arrives.
        String response = rawRequest("POST /api/posts/p1/images HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + TestTokens.admin() + "\r\n"
                + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 1073741824\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), response);
        assertTrue(response.contains("\"status\":413"), response);
    }

    @Test
    void malformedMultipartIsABadRequest() {
        String post = newPost();
        ExtractableResponse<Response> response = admin().contentType("multipart/form-data; boundary=xyz")
                .body("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nunterminated"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .post("/api/posts/{post}/images", post).then().extract();
        assertTrue(response.statusCode() == 400 || response.statusCode() == 415, response.asString());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        ExtractableResponse<Response> notMultipart = admin().contentType(ContentType.JSON).body("{}")
                .post("/api/posts/{post}/images", post).then().extract();
        assertProblem(notMultipart, 415, "/api/posts/" + post + "/images");
    }

    private static String rawRequest(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = socket.getInputStream().read(buffer)) > 0) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(java.nio.charset.StandardCharsets.UTF_8).contains("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // the server may close after answering
            }
            return answer.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void echoesAWellFormedRequestIdAndReplacesOthers() {
        given().header("X-Request-Id", "abc-123_x.y").get("/api/posts/p1/images").then()
                .header("X-Request-Id", "abc-123_x.y");
        String replaced = given().header("X-Request-Id", "bad id!").get("/api/posts/p1/images").then()
                .extract().header("X-Request-Id");
        assertTrue(replaced.matches("[A-Za-z0-9._-]{1,64}") && !replaced.equals("bad id!"), replaced);
        given().get("/api/images/nothing.png").then().statusCode(404).header("X-Request-Id", notNullValue());
    }

    // ---- list, download ----------------------------------------------------------------------------------

    @Test
    void listsImagesByPositionAndAnEmptyArrayForAnUnknownPost() {
        String post = newPost();
        upload(post, "a.png", TestImages.png(10, 10));
        upload(post, "b.png", TestImages.png(10, 10));
        given().get("/api/posts/{post}/images", post).then().statusCode(200)
                .body("originalFilename", contains("a.png", "b.png"))
                .body("position", contains(0, 1));
        given().get("/api/posts/{post}/images", newPost()).then().statusCode(200).body("$", empty());
    }

    @Test
    void downloadsTheOriginalBytesWithCachingHeaders() throws Exception {
        String post = newPost();
        byte[] png = TestImages.png(333, 222);
        ExtractableResponse<Response> stored = upload(post, "pic.png", png);
        String key = stored.path("[0].key");

        ExtractableResponse<Response> response = given().get("/api/images/{key}", key).then().statusCode(200).extract();
        assertArrayEquals(png, response.asByteArray());
        assertEquals("image/png", response.contentType());
        assertEquals(String.valueOf(png.length), response.header("Content-Length"));
        assertEquals("\"" + sha256(png) + "\"", response.header("ETag"));
        assertEquals("public, max-age=31536000, immutable", response.header("Cache-Control"));
        assertEquals("nosniff", response.header("X-Content-Type-Options"));
        assertTrue(response.header("Content-Disposition").startsWith("inline; filename=\"pic.png\""));
    }

    @Test
    void answersHeadWithTheHeadersOnly() {
        byte[] png = TestImages.png(120, 120);
        String key = upload(newPost(), "pic.png", png).path("[0].key");
        for (int i = 0; i < 30; i++) { // more than the S3 connection pool would survive if HEAD leaked streams
            ExtractableResponse<Response> head = given().head("/api/images/{key}", key).then().statusCode(200).extract();
            assertEquals("image/png", head.contentType());
            assertEquals(0, head.asByteArray().length);
        }
        assertArrayEquals(png, given().get("/api/images/{key}", key).then().statusCode(200).extract().asByteArray());
    }

    @Test
    void answersRangesWith206AndMatchingETagsWith304() throws Exception {
        String post = newPost();
        byte[] png = TestImages.png(200, 200);
        String key = upload(post, "pic.png", png).path("[0].key");

        ExtractableResponse<Response> partial = given().header("Range", "bytes=10-19").get("/api/images/{key}", key)
                .then().statusCode(206).extract();
        assertArrayEquals(Arrays.copyOfRange(png, 10, 20), partial.asByteArray());
        assertEquals("bytes 10-19/" + png.length, partial.header("Content-Range"));
        assertEquals("10", partial.header("Content-Length"));

        ExtractableResponse<Response> suffix = given().header("Range", "bytes=-5").get("/api/images/{key}", key)
                .then().statusCode(206).extract();
        assertArrayEquals(Arrays.copyOfRange(png, png.length - 5, png.length), suffix.asByteArray());

        String etag = "\"" + sha256(png) + "\"";
        given().header("If-None-Match", etag).get("/api/images/{key}", key).then().statusCode(304)
                .header("ETag", etag).header("Cache-Control", containsString("immutable"));
        given().header("If-None-Match", "\"other\", " + etag).get("/api/images/{key}", key).then().statusCode(304);
        given().header("If-None-Match", "\"other\"").get("/api/images/{key}", key).then().statusCode(200);
        assertProblem(given().header("Range", "bytes=999999-").get("/api/images/{key}", key).then().extract(), 416,
                "/api/images/" + key);
    }

    @Test
    void servesADownscaledThumbnailWithTheSameCachingHeaders() {
        String post = newPost();
        String key = upload(post, "wide.png", TestImages.png(1000, 500)).path("[0].key");

        ExtractableResponse<Response> response = given().get("/api/images/{key}/thumbnail", key).then().statusCode(200)
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("X-Content-Type-Options", "nosniff")
                .header("ETag", startsWith("\""))
                .extract();
        BufferedImage thumbnail = TestImages.decode(response.asByteArray());
        assertEquals(400, thumbnail.getWidth());
        assertEquals(200, thumbnail.getHeight());
        given().header("If-None-Match", response.header("ETag")).get("/api/images/{key}/thumbnail", key)
                .then().statusCode(304);

        String small = upload(post, "small.jpg", TestImages.jpeg(120, 90)).path("[0].key");
        BufferedImage kept = TestImages.decode(given().get("/api/images/{key}/thumbnail", small).then().statusCode(200)
                .contentType("image/jpeg").extract().asByteArray());
        assertEquals(120, kept.getWidth(), "small images are not upscaled");
    }

    @Test
    void unknownKeysAre404() {
        assertProblem(given().get("/api/images/AAAAAAAAAAAAAAAAAAAAAA.png").then().extract(), 404,
                "/api/images/AAAAAAAAAAAAAAAAAAAAAA.png");
        assertProblem(given().get("/api/images/AAAAAAAAAAAAAAAAAAAAAA.png/thumbnail").then().extract(), 404,
                "/api/images/AAAAAAAAAAAAAAAAAAAAAA.png/thumbnail");
        assertProblem(given().urlEncodingEnabled(false).get("/api/images/..%2Fetc.png").then().extract(), 404,
                "/api/images/..%2Fetc.png");
        assertProblem(admin().delete("/api/images/AAAAAAAAAAAAAAAAAAAAAA.png").then().extract(), 404,
                "/api/images/AAAAAAAAAAAAAAAAAAAAAA.png");
    }

    // ---- thumbnails ----------------------------------------------------------------------------------------

    @Test
    void redirectsToThePostThumbnailAnd404sWithoutImages() {
        String post = newPost();
        assertProblem(given().redirects().follow(false).get("/api/posts/{post}/thumbnail", post).then().extract(), 404,
                "/api/posts/" + post + "/thumbnail");
        String key = upload(post, "a.png", TestImages.png(10, 10)).path("[0].key");
        upload(post, "b.png", TestImages.png(10, 10));
        given().redirects().follow(false).get("/api/posts/{post}/thumbnail", post).then().statusCode(302)
                .header("Location", endsWith("/api/images/" + key));
    }

    @Test
    void choosesAnotherThumbnail() {
        String post = newPost();
        List<String> keys = upload(post, "a.png", TestImages.png(10, 10), "b.png", TestImages.png(10, 10)).path("key");

        admin().contentType(ContentType.JSON).body(Map.of("key", keys.get(1)))
                .put("/api/posts/{post}/thumbnail", post).then().statusCode(200)
                .body("key", equalTo(keys.get(1))).body("thumbnail", equalTo(true));
        given().get("/api/posts/{post}/images", post).then().body("thumbnail", contains(false, true));

        assertProblem(admin().contentType(ContentType.JSON).body(Map.of("key", "AAAAAAAAAAAAAAAAAAAAAA.png"))
                .put("/api/posts/{post}/thumbnail", post).then().extract(), 404, "/api/posts/" + post + "/thumbnail");
        // A key of another post is unknown in this one.
        String other = upload(newPost(), "c.png", TestImages.png(10, 10)).path("[0].key");
        assertProblem(admin().contentType(ContentType.JSON).body(Map.of("key", other))
                .put("/api/posts/{post}/thumbnail", post).then().extract(), 404, "/api/posts/" + post + "/thumbnail");
        ExtractableResponse<Response> invalid = admin().contentType(ContentType.JSON).body(Map.of())
                .put("/api/posts/{post}/thumbnail", post).then().extract();
        assertProblem(invalid, 400, "/api/posts/" + post + "/thumbnail");
        assertEquals("key", invalid.path("errors[0].field"));
    }

    // ---- deletes -------------------------------------------------------------------------------------------

    @Test
    void deletingTheThumbnailPromotesTheLowestPositionRemaining() {
        String post = newPost();
        List<String> keys = upload(post, "a.png", TestImages.png(10, 10), "b.png", TestImages.png(10, 10),
                "c.png", TestImages.png(10, 10)).path("key");

        admin().delete("/api/images/{key}", keys.get(0)).then().statusCode(204);
        given().get("/api/images/{key}", keys.get(0)).then().statusCode(404);
        given().get("/api/images/{key}/thumbnail", keys.get(0)).then().statusCode(404);
        given().get("/api/posts/{post}/images", post).then()
                .body("key", contains(keys.get(1), keys.get(2)))
                .body("thumbnail", contains(true, false));

        admin().delete("/api/images/{key}", keys.get(2)).then().statusCode(204);
        given().get("/api/posts/{post}/images", post).then().body("thumbnail", contains(true));
        admin().delete("/api/images/{key}", keys.get(2)).then().statusCode(404);
    }

    @Test
    void deletesEveryImageOfAPost() {
        String post = newPost();
        List<String> keys = upload(post, "a.png", TestImages.png(10, 10), "b.gif", TestImages.gif(10, 10)).path("key");
        admin().delete("/api/posts/{post}/images", post).then().statusCode(204);
        given().get("/api/posts/{post}/images", post).then().statusCode(200).body("$", empty());
        for (String key : keys) {
            given().get("/api/images/{key}", key).then().statusCode(404);
        }
        admin().delete("/api/posts/{post}/images", post).then().statusCode(204);
        // A new first image becomes the thumbnail again.
        upload(post, "c.png", TestImages.png(10, 10));
        given().get("/api/posts/{post}/images", post).then().body("thumbnail", contains(true));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
