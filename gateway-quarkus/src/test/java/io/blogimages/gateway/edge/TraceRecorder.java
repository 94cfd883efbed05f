package io.blogimages.gateway.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * Stands in for both backends and, with {@code collector=true}, for an OTLP/HTTP collector: it records the trace
 * headers each proxied request arrives with and the bodies of exported span batches. Tests read the records over
 * HTTP ({@code /recorded/upstream}, {@code /recorded/collector}), since the test and this resource do not share a
 * class loader. Only what crosses the wire is recorded, so the gateway's propagation is checked from outside.
 */
public class TraceRecorder implements QuarkusTestResourceLifecycleManager {

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
            // One line per request: its request ID, then every traceparent value it carried.
            List<String> parents = exchange.getRequestHeaders().getOrDefault("traceparent", List.of());
            upstream.add(exchange.getRequestHeaders().getFirst("X-Request-Id") + " " + String.join(" ", parents));
            reply(exchange, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/v1/traces", exchange -> {
            collector.add(HexFormat.of().formatHex(exchange.getRequestBody().readAllBytes()));
            reply(exchange, "application/x-protobuf", new byte[0]);
        });
        server.createContext("/recorded/upstream", exchange -> replyLines(exchange, upstream));
        server.createContext("/recorded/collector", exchange -> replyLines(exchange, collector));
        server.start();

        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> config = new HashMap<>(Map.of(
                "gateway.routes.auth.instances", url,
                "gateway.routes.image.instances", url,
                "gateway.auth.jwks-url", url + "/api/auth/jwks",
                "test.trace-recorder.url", url));
        if (withCollector) {
            config.put("quarkus.otel.exporter.otlp.traces.endpoint", url);
            config.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
            config.put("quarkus.otel.bsp.schedule.delay", "100ms");
        }
        return config;
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

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
