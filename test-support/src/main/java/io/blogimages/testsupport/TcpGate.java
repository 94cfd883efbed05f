package io.blogimages.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on 127.0.0.1 in front of a server, which a test can close (cutting every open connection and
 * refusing new ones, as an unreachable server would) and open again on the same port. Lets tests take a
 * database away without stopping it: PostgreSQL cannot be restarted by hand where tests run as root. It can also
 * shut itself in the middle of a conversation ({@link #shutAfter}), to cut a server off between two requests of
 * one operation, which no timing from outside could hit reliably.
 */
public final class TcpGate implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** Bytes still let through towards the server before the gate shuts; unlimited unless armed. */
    private final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
    private ServerSocket listener;

    public TcpGate(int targetPort) {
        this.port = FreePort.pick();
        this.targetPort = targetPort;
        open();
    }

    public int port() {
        return port;
    }

    /** Accepts connections (again) and forwards them to the target, without limit. */
    public synchronized void open() {
        budget.set(Long.MAX_VALUE);
        if (listener != null) {
            return;
        }
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = server;
            Thread.ofVirtual().name("tcp-gate-" + port).start(() -> acceptLoop(server));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    /** Refuses new connections and cuts the open ones. */
    public synchronized void shut() {
        if (listener == null) {
            return;
        }
        closeQuietly(listener);
        listener = null;
        sockets.forEach(TcpGate::closeQuietly);
        sockets.clear();
    }

    /** Cuts the open connections and goes on accepting new ones. */
    public void dropConnections() {
        sockets.forEach(TcpGate::closeQuietly);
    }

    /**
     * Lets {@code bytes} more bytes through towards the server (over all connections), then shuts: the write that
     * would pass the limit is not forwarded, and every connection is cut.
     */
    public void shutAfter(long bytes) {
        budget.set(bytes);
    }

    @Override
    public void close() {
        shut();
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed by shut()
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                closeQuietly(client); // the target refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsServer) {
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (towardsServer && budget.addAndGet(-n) < 0) {
                        shut();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        });
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
