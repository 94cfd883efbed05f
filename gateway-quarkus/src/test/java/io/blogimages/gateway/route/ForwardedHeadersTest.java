package io.blogimages.gateway.route;

import io.blogimages.gateway.edge.RecordingBackend;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.blogimages.gateway.edge.RecordingBackend.recordedHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the services receive: hop-by-hop headers stay at the gateway, and the X-Forwarded-* headers are the
 * gateway's own. Requests are written by hand, since HTTP clients refuse to send some of these headers.
 */
@QuarkusTest
@WithTestResource(RecordingBackend.class)
class ForwardedHeadersTest {

    @Test
    void hopByHopHeadersStayAtTheGateway() throws IOException {
        String requestId = UUID.randomUUID().toString();
        String status = send("GET /api/posts/p/images HTTP/1.1",
                "Host: images.example.com",
                "Connection: keep-alive, X-Session-Hop",
                "Keep-Alive: timeout=5",
                "X-Session-Hop: for-the-gateway-only",
                "Proxy-Authorization: Basic c2VjcmV0",
                "TE: trailers",
                "X-Request-Id: " + requestId);
        assertTrue(status.startsWith("HTTP/1.1 200"), status);

        Map<String, List<String>> received = recordedHeaders(requestId);
        for (String hop : List.of("keep-alive", "x-session-hop", "proxy-authorization", "te")) {
            assertFalse(received.containsKey(hop), hop + " was passed on: " + received);
        }
        assertFalse(String.valueOf(received.get("connection")).toLowerCase().contains("x-session-hop"), received.toString());
    }

    @Test
    void theForwardedHeadersAreTheGatewaysOwn() throws IOException {
        // The peer (127.0.0.1) is a trusted proxy in the default configuration, as the load balancer is in EKS:
        // its X-Forwarded-For and -Proto are believed; the host comes from Host, a client's Forwarded is dropped.
        String requestId = UUID.randomUUID().toString();
        String status = send("GET /api/auth/jwks HTTP/1.1",
                "Host: images.example.com",
                "X-Forwarded-For: 203.0.113.7",
                "X-Forwarded-Proto: https",
                "X-Forwarded-Host: attacker.example",
                "Forwarded: for=192.0.2.1;host=attacker.example",
                "Connection: close",
                "X-Request-Id: " + requestId);
        assertTrue(status.startsWith("HTTP/1.1 200"), status);

        Map<String, List<String>> received = recordedHeaders(requestId);
        assertEquals(List.of("203.0.113.7"), received.get("x-forwarded-for"));
        assertEquals(List.of("https"), received.get("x-forwarded-proto"));
        assertEquals(List.of("images.example.com"), received.get("x-forwarded-host"));
        assertFalse(received.containsKey("forwarded"), received.toString());
        assertEquals(List.of(requestId), received.get("x-request-id"));
    }

    @Test
    void aClientCannotStripTheGatewaysHeadersByCallingThemHopByHop() throws IOException {
        String requestId = UUID.randomUUID().toString();
        String status = send("GET /api/auth/jwks HTTP/1.1",
                "Host: images.example.com",
                "X-Forwarded-For: 203.0.113.8",
                "Connection: close, X-Forwarded-For, X-Request-Id, X-Forwarded-Proto",
                "X-Request-Id: " + requestId);
        assertTrue(status.startsWith("HTTP/1.1 200"), status);

        Map<String, List<String>> received = recordedHeaders(requestId);
        assertEquals(List.of("203.0.113.8"), received.get("x-forwarded-for"));
        assertEquals(List.of("http"), received.get("x-forwarded-proto"));
    }

    /** Writes one request and returns the status line of the answer. */
    private static String send(String requestLine, String... headers) throws IOException {
        List<String> lines = new ArrayList<>(List.of(requestLine));
        lines.addAll(List.of(headers));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
        }
    }
}
