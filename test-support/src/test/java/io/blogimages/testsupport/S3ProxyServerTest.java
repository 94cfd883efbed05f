package io.blogimages.testsupport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** S3Proxy as a child process: answers S3 (refusing unsigned requests), stops by PID and comes back. */
class S3ProxyServerTest {

    @Test
    void servesS3RefusesUnsignedRequestsAndRestartsOnTheSamePort() throws IOException {
        try (S3ProxyServer server = S3ProxyServer.startTemporary(List.of("a-bucket"))) {
            assertEquals(403, status(server.endpoint() + "/a-bucket"), "an unsigned listing must be refused");
            assertEquals(403, status("PUT", server.endpoint() + "/a-bucket/x"), "an unsigned write must be refused");

            long pid = server.pid();
            server.stop();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertThrows(ConnectException.class, () -> status(server.endpoint() + "/a-bucket"));

            server.start();
            assertTrue(server.isAlive());
            assertEquals(403, status(server.endpoint() + "/a-bucket"));
        }
    }

    private static int status(String url) throws IOException {
        return status("GET", url);
    }

    private static int status(String method, String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setRequestMethod(method);
        if ("PUT".equals(method)) {
            connection.setDoOutput(true);
            connection.getOutputStream().write("hello".getBytes());
        }
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }
}
