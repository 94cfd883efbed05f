package io.blogimages.gateway.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Stands in for both backends and, with {@code collector=true}, for an OTLP/HTTP collector: it records the
 * headers each proxied request arrives with and the bodies of exported span batches. Tests read the records over
 * HTTP ({@code /recorded/upstream}: one JSON object of header lists per request; {@code /recorded/collector}: hex
 * bodies, one per line), since the test and this resource do not share a class loader. Only what crosses the
 * wire is recorded, so what the gateway passes on is checked from outside.
 */
public class RecordingBackend implements QuarkusTestResourceLifecycleManager {

    /** The config key of this backend's base URL, for tests to read the records. */
    public static final String URL_PROPERTY = "test.recording-backend.url";

    private final Queue<String> upstream = new ConcurrentLinkedQueue<>();
    private final Queue<String> collector = new ConcurrentLinkedQueue<>();
    private HttpServer server;
    private boolean withCollector;

    @Override
    public void init(Map<String, String> initArgs) {
        withCollector = Boolean.parseBoolean(initArgs.getOrDefault("collector", "false"));
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            upstream.add(headersAsJson(exchange));
            reply(exchange, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/v1/traces", exchange -> {
            collector.add(HexFormat.of().formatHex(exchange.getRequestBody().readAllBytes()));
            reply(exchange, "application/x-protobuf", new byte[0]);
        });
        server.createContext("/recorded/upstream", exchange ->
                reply(exchange, "application/json", ("[" + String.join(",", upstream) + "]").getBytes(StandardCharsets.UTF_8)));
        server.createContext("/recorded/collector", exchange -> replyLines(exchange, collector));
        server.start();

        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> config = new HashMap<>(Map.of(
                "gateway.routes.auth.instances", url,
                "gateway.routes.image.instances", url,
                "gateway.auth.jwks-url", url + "/api/auth/jwks",
                URL_PROPERTY, url));
        if (withCollector) {
            config.put("quarkus.otel.exporter.otlp.traces.endpoint", url);
            config.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
            config.put("quarkus.otel.bsp.schedule.delay", "100ms");
        }
        return config;
    }

    /** {"header-name": ["value", ...], ...} with lower-case names. */
    private static String headersAsJson(HttpExchange exchange) {
        StringBuilder json = new StringBuilder("{");
        exchange.getRequestHeaders().forEach((name, values) -> {
            json.append(json.length() > 1 ? "," : "").append(quote(name.toLowerCase(Locale.ROOT))).append(":[");
            json.append(String.join(",", values.stream().map(RecordingBackend::quote).toList())).append("]");
        });
        return json.append("}").toString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void replyLines(HttpExchange exchange, Queue<String> lines) throws IOException {
        reply(exchange, "text/plain", String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /**
     * The running backend's URL. Read when called, not injected: Quarkus checks the injection points of every
     * test class at start, also of classes whose resources are not in use.
     */
    public static String url() {
        return ConfigProvider.getConfig().getValue(URL_PROPERTY, String.class);
    }

    /** The headers (lower-case names) the backend received on the one request with this X-Request-Id. */
    public static Map<String, List<String>> recordedHeaders(String requestId) {
        List<Map<String, List<String>>> matching = received(requestId);
        assertEquals(1, matching.size(), "the request reached the backend once");
        return matching.getFirst();
    }

    /** How many requests with this X-Request-Id reached the backend. */
    public static int timesReceived(String requestId) {
        return received(requestId).size();
    }

    private static List<Map<String, List<String>>> received(String requestId) {
        List<Map<String, List<String>>> requests = given().baseUri(url()).get("/recorded/upstream")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return requests.stream().filter(headers -> List.of(requestId).equals(headers.get("x-request-id"))).toList();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
