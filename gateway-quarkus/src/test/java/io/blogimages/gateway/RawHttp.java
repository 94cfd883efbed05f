package io.blogimages.gateway;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written and read by hand on one keep-alive connection, for what ordinary clients will not send (odd
 * paths, control characters) and to see exactly what comes back: a response is read strictly by RFC 9112's
 * message-length rules (no body for HEAD, 1xx, 204 and 304; else Transfer-Encoding chunked, else
 * Content-Length, else until close), so an answer that announces a body it does not send leaves the next read
 * waiting, as it would leave Python's http.client or Go's net/http.
 */
public final class RawHttp implements Closeable {

    public record Response(String statusLine, int status, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(5_000);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends the request line and headers as given (CRLF-joined, ISO-8859-1 bytes) and reads one answer. */
    public Response exchange(String method, String target, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean host = false;
        for (String header : headers) {
            host |= header.regionMatches(true, 0, "Host:", 0, 5);
            request.append(header).append("\r\n");
        }
        if (!host) {
            request.append("Host: gateway.test\r\n");
        }
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return read(method.equals("HEAD"));
    }

    /** Writes raw bytes (a body, or a whole request) on the connection. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one status line and headers only: an interim 100 Continue, for instance. */
    public String readStatusLineAndHeaders() throws IOException {
        String statusLine = line();
        while (!line().isEmpty()) {
            // headers of the interim answer
        }
        return statusLine;
    }

    public static Response once(int port, String method, String target, String... headers) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            return http.exchange(method, target, headers);
        }
    }

    public Response read(boolean head) throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        if (status >= 100 && status < 200) {
            return read(head); // an interim answer; the final one follows
        }
        byte[] body;
        List<String> te = headers.get("transfer-encoding");
        List<String> length = headers.get("content-length");
        if (head || status == 204 || status == 304) {
            body = new byte[0];
        } else if (te != null && te.toString().toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked();
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else {
            body = in.readAllBytes();
        }
        return new Response(statusLine, status, headers, body);
    }

    /** Whether the server closed the connection (or sent nothing more) within the timeout. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line();
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new java.io.EOFException("connection closed");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
