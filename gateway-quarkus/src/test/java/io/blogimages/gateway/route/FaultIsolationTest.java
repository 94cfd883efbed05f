package io.blogimages.gateway.route;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.blogimages.testsupport.FreePort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static io.blogimages.gateway.GatewayApi.client;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one client causes is never the backend's failure: a client that makes the backend answer 5xx hundreds of
 * times, or whose upload stalls, cannot open the breaker that would pause the route for everyone. Failures that
 * many clients see (a real outage) still open it.
 */
@QuarkusTest
@WithTestResource(FaultIsolationTest.FailingBackend.class)
class FaultIsolationTest {

    @Test
    void oneClientFailingHundredsOfCallsPausesNobodyElse() {
        String attacker = "203.0.113.66";
        String someoneElse = "198.51.100.23";
        for (int i = 0; i < 300; i++) {
            // the backend's own 500 is passed on to the client that caused it, never replaced by a 503
            client(attacker).get("/api/auth/boom").then().statusCode(500);
            if (i % 10 == 0) {
                client(someoneElse).get("/api/auth/ok").then().statusCode(200);
            }
        }
        client(someoneElse).get("/api/auth/ok").then().statusCode(200);
    }

    @Test
    void failuresThatManyClientsSeeStillOpenTheBreaker() {
        for (int i = 1; i <= 30; i++) {
            client("192.0.2." + i).get("/api/posts/boom").then().statusCode(org.hamcrest.Matchers.oneOf(500, 503));
        }
        client("192.0.2.200").get("/api/posts/ok").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("detail", org.hamcrest.Matchers.containsString("paused"));
    }

    @Test
    void stalledBodiesAre408WellBeforeTheResponseTimeoutAndNeverOpenTheBreaker() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        long start = System.nanoTime();
        // more stalled calls than the breaker's request volume (20), each from its own address
        for (int i = 1; i <= 25; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), io.restassured.RestAssured.port);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/auth/login HTTP/1.1\r\nHost: gateway\r\n"
                    + "X-Forwarded-For: 203.0.113." + i + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"username\":").getBytes(StandardCharsets.US_ASCII));
            sockets.add(socket);
        }
        for (Socket socket : sockets) {
            String answer = readAll(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
            assertTrue(answer.toLowerCase().contains("connection: close"), answer);
            socket.close();
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds < 8, "cut by the 1 s body-read timeout, not the 8 s response timeout: " + seconds + " s");
        client().get("/api/auth/ok").then().statusCode(200).body("ok", equalTo(true));
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** /…/boom answers 500, /…/ok 200; login reads its whole body first (so a stalled one waits). */
    public static class FailingBackend implements QuarkusTestResourceLifecycleManager {
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                exchange.getRequestBody().readAllBytes();
                if (path.endsWith("/boom")) {
                    reply(exchange, 500, "{\"type\":\"about:blank\",\"status\":500}");
                } else {
                    reply(exchange, 200, "{\"ok\":true}");
                }
            });
            server.start();
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            return Map.of(
                    "gateway.routes.auth.instances", url,
                    "gateway.routes.image.instances", url,
                    "gateway.routes.auth.body-read-timeout", "1S",
                    "gateway.routes.auth.response-timeout", "8S",
                    "gateway.routes.image.circuit-breaker.delay", "30S",
                    "gateway.auth.jwks-url", "http://127.0.0.1:" + FreePort.pick() + "/api/auth/jwks");
        }

        private static void reply(HttpExchange exchange, int status, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }
}
