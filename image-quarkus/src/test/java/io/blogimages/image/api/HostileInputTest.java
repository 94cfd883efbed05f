package io.blogimages.image.api;

import io.blogimages.image.image.Image;
import io.blogimages.image.storage.StorageConfig;
import io.blogimages.image.support.JwtKeysResource;
import io.blogimages.image.support.TestImages;
import io.blogimages.image.support.TestTokens;
import io.blogimages.testsupport.PostgresResource;
import io.blogimages.testsupport.S3ProxyResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every input of every endpoint — path parameters, JSON fields, query parameters, multipart field names,
 * filenames and part headers, request headers — fed with hostile strings: each control character, NEL, a
 * right-to-left override, lone surrogates, 10 KB, an encoded NUL, a path traversal, an emoji. None may cause a
 * 5xx; a 4xx is a problem document without a stack trace; nothing is stored and no spooled file is left behind.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "image"), @ResourceArg(name = "gate", value = "true")})
@WithTestResource(S3ProxyResource.class)
@WithTestResource(JwtKeysResource.class)
class HostileInputTest {

    @Inject
    S3Client s3;

    @Inject
    StorageConfig storage;

    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploadsDirectory;

    @TestHTTPResource("/")
    URL base;

    static Map<String, String> hostileStrings() {
        Map<String, String> strings = new LinkedHashMap<>();
        for (char c = 0; c < 0x20; c++) {
            strings.put(String.format("U+%04X", (int) c), "a" + c + "b");
        }
        strings.put("U+007F", "a\u007Fb");
        strings.put("NEL U+0085", "a\u0085b");
        strings.put("RTL override U+202E", "a\u202Egpj.exe");
        strings.put("lone high surrogate", "a\uD800b");
        strings.put("lone low surrogate", "a\uDC00b");
        strings.put("10 KB", "x".repeat(10 * 1024));
        strings.put("encoded NUL", "%00");
        strings.put("path traversal", "../../etc/passwd");
        strings.put("emoji", "\uD83D\uDCF7\uD83D\uDE00");
        return strings;
    }

    /** One input of one endpoint: sends the request with the hostile value in that place. */
    /**
     * One input of one endpoint. {@code refusesControls}: a control character here must be a 400 naming the field.
     * {@code header}: the value travels in a raw request header, which the HTTP codec itself may refuse (below).
     */
    private record Input(String name, Function<String, Answer> send, boolean mayStore, boolean header,
                         boolean refusesControls) {

        Input(String name, Function<String, Answer> send, boolean mayStore) {
            this(name, send, mayStore, false, false);
        }

        Input(String name, Function<String, Answer> send, boolean mayStore, boolean header) {
            this(name, send, mayStore, header, false);
        }

        Input refusingControls() {
            return new Input(name, send, mayStore, header, true);
        }
    }

    /** What came back: status, content type, body (and the first image's filename for a stored upload). */
    private record Answer(int status, String contentType, String body, String storedFilename) {

        static Answer of(ExtractableResponse<Response> response) {
            String filename = response.statusCode() == 201 ? response.path("[0].originalFilename") : null;
            return new Answer(response.statusCode(), String.valueOf(response.contentType()), response.asString(), filename);
        }

        /** A raw HTTP/1.1 answer (Connection: close, so the body is whatever follows the headers). */
        static Answer parse(byte[] raw) {
            String text = new String(raw, StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            String contentType = head.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
                    .map(l -> l.substring(13).trim()).findFirst().orElse("none");
            return new Answer(status, contentType, body, null);
        }
    }

    private static final String POST = "hostile-post";

    private List<Input> inputs() {
        String admin = TestTokens.admin();
        byte[] png = TestImages.png(4, 4);
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input("POST /api/posts/{postId}/images postId", s -> Answer.of(given().auth().oauth2(admin)
                .multiPart("file", "a.png", png, "image/png").post("/api/posts/{p}/images", s).then().extract()), false).refusingControls());
        inputs.add(new Input("GET /api/posts/{postId}/images postId", s -> Answer.of(given()
                .get("/api/posts/{p}/images", s).then().extract()), false).refusingControls());
        inputs.add(new Input("GET /api/posts/{postId}/thumbnail postId", s -> Answer.of(given().redirects().follow(false)
                .get("/api/posts/{p}/thumbnail", s).then().extract()), false).refusingControls());
        inputs.add(new Input("PUT /api/posts/{postId}/thumbnail postId", s -> Answer.of(given().auth().oauth2(admin)
                .contentType(ContentType.JSON).body(Map.of("key", "AAAAAAAAAAAAAAAAAAAAAA.png"))
                .put("/api/posts/{p}/thumbnail", s).then().extract()), false).refusingControls());
        inputs.add(new Input("DELETE /api/posts/{postId}/images postId", s -> Answer.of(given().auth().oauth2(admin)
                .delete("/api/posts/{p}/images", s).then().extract()), false).refusingControls());
        inputs.add(new Input("GET /api/images/{key} key", s -> Answer.of(given()
                .get("/api/images/{k}", s).then().extract()), false).refusingControls());
        inputs.add(new Input("GET /api/images/{key}/thumbnail key", s -> Answer.of(given()
                .get("/api/images/{k}/thumbnail", s).then().extract()), false).refusingControls());
        inputs.add(new Input("DELETE /api/images/{key} key", s -> Answer.of(given().auth().oauth2(admin)
                .delete("/api/images/{k}", s).then().extract()), false).refusingControls());
        inputs.add(new Input("PUT /api/posts/{postId}/thumbnail JSON key", s -> Answer.of(given().auth().oauth2(admin)
                .contentType(ContentType.JSON).body(Map.of("key", s))
                .put("/api/posts/{p}/thumbnail", POST).then().extract()), false).refusingControls());
        inputs.add(new Input("PUT /api/posts/{postId}/thumbnail JSON field name", s -> Answer.of(given().auth().oauth2(admin)
                .contentType(ContentType.JSON).body(Map.of(s, "x", "key", "AAAAAAAAAAAAAAAAAAAAAA.png"))
                .put("/api/posts/{p}/thumbnail", POST).then().extract()), false));
        inputs.add(new Input("GET /api/posts/{postId}/images query parameter", s -> Answer.of(given().queryParam("q", s)
                .get("/api/posts/{p}/images", POST).then().extract()), false));
        inputs.add(new Input("POST multipart filename", s -> Answer.of(given().auth().oauth2(admin)
                .multiPart("file", s, png, "image/png").post("/api/posts/{p}/images", POST).then().extract()), true));
        inputs.add(new Input("POST multipart field name", s -> Answer.of(given().auth().oauth2(admin)
                .multiPart(s, "a.png", png, "image/png").post("/api/posts/{p}/images", POST).then().extract()), false));
        inputs.add(new Input("POST multipart part Content-Type", s -> rawUpload(admin,
                "Content-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: " + s, png), true));
        inputs.add(new Input("POST multipart RFC 5987 filename*", s -> rawUpload(admin,
                "Content-Disposition: form-data; name=\"file\"; filename*=UTF-8''" + percentEncoded(s), png), true));
        for (String header : List.of("X-Request-Id", "Range", "If-None-Match", "If-Range", "Authorization", "Accept",
                "Content-Type")) {
            inputs.add(new Input("header " + header, s -> {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Authorization", "Bearer " + admin);
                headers.put("Content-Type", "application/json");
                headers.put(header, header.equals("Authorization") ? "Bearer " + s : s);
                return rawRequest("PUT", "/api/posts/" + POST + "/thumbnail", headers,
                        "{\"key\":\"AAAAAAAAAAAAAAAAAAAAAA.png\"}".getBytes(StandardCharsets.UTF_8));
            }, false, true));
        }
        return inputs;
    }

    @TestFactory
    Stream<DynamicTest> noInputCausesA5xxOrStoresAnything() {
        return inputs().stream().flatMap(input -> hostileStrings().entrySet().stream().map(hostile ->
                DynamicTest.dynamicTest(input.name() + " = " + hostile.getKey(), () -> check(input, hostile.getValue()))));
    }

    private void check(Input input, String value) {
        long rows = rows();
        List<String> objects = objects();
        Answer response = input.send().apply(value);
        String body = response.body();
        if (input.header() && response.status() == 400 && body.isEmpty()) {
            // Vert.x's HTTP/1.1 codec refuses a control character in a header value (all but HTAB) before any
            // handler of the service runs, with a bare 400 and a closed connection: not HTTP, so no problem document
            // (Quarkus offers no hook for Vert.x's invalid-request handler). Still: no 5xx, nothing stored.
            assertEquals(rows, rows(), "no row stored");
            assertEquals(objects, objects(), "no object stored");
            return;
        }
        if (input.refusesControls() && value.codePoints().anyMatch(Character::isISOControl)) {
            assertEquals(400, response.status(), body);
            assertTrue(body.contains("\"errors\":[{\"field\":"), body);
        }
        assertTrue(response.status() < 500, response.status() + " " + body);
        assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("at io."), body);
        if (response.status() >= 400) {
            assertTrue(response.contentType().startsWith("application/problem+json"),
                    response.status() + " " + response.contentType() + " " + body);
            assertTrue(body.contains("\"status\":" + response.status()), body);
        } else if (input.mayStore() && response.status() == 201) {
            String filename = response.storedFilename();
            assertTrue(filename == null || filename.codePoints().noneMatch(HostileInputTest::unsafe), filename);
            given().auth().oauth2(TestTokens.admin()).delete("/api/posts/{p}/images", POST).then().statusCode(204);
        }
        assertEquals(rows, rows(), "no row stored");
        assertEquals(objects, objects(), "no object stored");
        assertEquals(List.of(), spooled(), "no spooled file left");
    }

    private static boolean unsafe(int cp) {
        return Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                || Character.getType(cp) == Character.SURROGATE;
    }

    private static long rows() {
        return QuarkusTransaction.requiringNew().call(() -> Image.count());
    }

    private List<String> objects() {
        return s3.listObjectsV2Paginator(list -> list.bucket(storage.bucket())).contents().stream()
                .map(object -> object.key()).sorted().toList();
    }

    private List<Path> spooled() {
        Path directory = Path.of(uploadsDirectory);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String percentEncoded(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(String.format("%02X", b & 0xFF));
        }
        return out.toString();
    }

    private Answer rawUpload(String token, String partHeaders, byte[] file) {
        String boundary = "b" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\n" + partHeaders + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + file.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(file, 0, body, head.length, file.length);
        System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
        return Answer.of(given().auth().oauth2(token).contentType("multipart/form-data; boundary=" + boundary).body(body)
                .post("/api/posts/{p}/images", POST).then().extract());
    }

    /**
     * A request written byte for byte on a socket, so header values reach the server exactly as given (HTTP
     * clients refuse to send control characters).
     */
    private Answer rawRequest(String method, String path, Map<String, String> headers, byte[] body) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length + "\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            return Answer.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
