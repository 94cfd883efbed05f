package io.blogimages.gateway.route;

import io.blogimages.testsupport.FreePort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.blogimages.gateway.GatewayApi.client;
import static org.hamcrest.Matchers.equalTo;

/**
 * Backends that misbehave: one accepts connections and never answers (504 after the response timeout), the
 * other refuses connections (503). Both are answered with problem documents and Retry-After.
 */
@QuarkusTest
@WithTestResource(UnreachableBackendsTest.Backends.class)
class UnreachableBackendsTest {

    @Test
    void aSilentBackendIs504() {
        client().get("/api/auth/jwks").then()
                .statusCode(504)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("title", equalTo("Gateway Timeout"));
    }

    @Test
    void aRefusingBackendIs503() {
        client().get("/api/posts/p/images").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("detail", equalTo("The image service cannot be reached."));
    }

    @Test
    void noKeysAtAllIs503NotA401() {
        client().auth().oauth2("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.e30.c2ln").delete("/api/posts/p/images").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5");
    }

    /** A server socket that accepts and then says nothing, and a port nobody listens on. */
    public static class Backends implements QuarkusTestResourceLifecycleManager {
        private ServerSocket silent;
        private Thread acceptor;
        private final List<Socket> held = new ArrayList<>();

        @Override
        public Map<String, String> start() {
            try {
                silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            acceptor = Thread.ofPlatform().daemon().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            int refusing = FreePort.pick();
            return Map.of(
                    "gateway.routes.auth.instances", "http://127.0.0.1:" + silent.getLocalPort(),
                    "gateway.routes.auth.response-timeout", "1S",
                    "gateway.routes.image.instances", "http://127.0.0.1:" + refusing,
                    "gateway.auth.jwks-url", "http://127.0.0.1:" + refusing + "/api/auth/jwks");
        }

        @Override
        public void stop() {
            try {
                silent.close();
                for (Socket socket : held) {
                    socket.close();
                }
            } catch (IOException e) {
                // closing anyway
            }
            acceptor.interrupt();
        }
    }
}
