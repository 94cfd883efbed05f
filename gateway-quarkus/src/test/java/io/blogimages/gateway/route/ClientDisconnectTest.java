package io.blogimages.gateway.route;

import com.sun.net.httpserver.HttpServer;
import io.blogimages.testsupport.FreePort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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

/**
 * Clients that hang up before a slow backend answers (a load tester ending its run, closed browser tabs) are
 * not the backend's fault: they must not open its circuit breaker, or everyone gets 503 for the breaker's
 * delay. Found by the benchmarks (bench/run.sh): wrk closing 16 connections at the end of a run did that.
 */
@QuarkusTest
@WithTestResource(ClientDisconnectTest.SlowBackend.class)
class ClientDisconnectTest {

    @Test
    void abandonedCallsDoNotOpenTheBreaker() throws Exception {
        int port = io.restassured.RestAssured.port;
        List<Socket> clients = new ArrayList<>();
        // More abandoned calls than the breaker's request volume (20), all of them failing at the backend side.
        for (int i = 0; i < 25; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.getOutputStream().write("GET /api/posts/p/images HTTP/1.1\r\nHost: gateway\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            clients.add(socket);
        }
        Thread.sleep(200);
        for (Socket socket : clients) {
            socket.close();
        }
        Thread.sleep(500);
        client().get("/api/posts/p/images").then().statusCode(200);
    }

    /** Answers every call with 200 after 400 ms. */
    public static class SlowBackend implements QuarkusTestResourceLifecycleManager {
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
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            int refusing = FreePort.pick();
            return Map.of(
                    "gateway.routes.auth.instances", url,
                    "gateway.routes.image.instances", url,
                    "gateway.auth.jwks-url", "http://127.0.0.1:" + refusing + "/api/auth/jwks");
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }
}
