package io.blogimages.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The backing services of {@code ./run.sh}: one PostgreSQL cluster with a database per service and one
 * S3Proxy, both on 127.0.0.1 with their data under the given directory, kept across runs.
 *
 * <p>Configured by environment variables (defaults in brackets): {@code DATA_DIR} [.data], {@code PG_PORT}
 * [15432], {@code S3_PORT} [19000], {@code S3_BUCKET} [blog-images], {@code S3_ACCESS_KEY} [local-access-key],
 * {@code S3_SECRET_KEY} [local-secret-key]. When both are ready it writes {@code DATA_DIR/backends.ready};
 * on SIGTERM or Ctrl-C it stops both, by PID, and removes that file.
 */
public final class LocalBackends {

    static final List<String> DATABASES = List.of("auth", "image");

    private LocalBackends() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Path dataDir = Path.of(env.getOrDefault("DATA_DIR", ".data")).toAbsolutePath();
        int pgPort = Integer.parseInt(env.getOrDefault("PG_PORT", "15432"));
        int s3Port = Integer.parseInt(env.getOrDefault("S3_PORT", "19000"));
        String bucket = env.getOrDefault("S3_BUCKET", "blog-images");
        String accessKey = env.getOrDefault("S3_ACCESS_KEY", "local-access-key");
        String secretKey = env.getOrDefault("S3_SECRET_KEY", "local-secret-key");
        Path readyFile = dataDir.resolve("backends.ready");
        Files.deleteIfExists(readyFile);

        CountDownLatch stopped = new CountDownLatch(1);
        Backends backends = new Backends();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            backends.close();
            try {
                Files.deleteIfExists(readyFile);
            } catch (IOException e) {
                // nothing left to do on the way out
            }
            stopped.countDown();
        }, "local-backends-shutdown"));

        log("starting PostgreSQL on 127.0.0.1:" + pgPort + " (data in " + dataDir.resolve("postgres") + ")");
        backends.postgres = PostgresServer.start(dataDir.resolve("postgres"), pgPort);
        DATABASES.forEach(backends.postgres::createDatabase);
        log("PostgreSQL ready, databases " + DATABASES + ", pid " + backends.postgres.pid().orElse(-1L));

        log("starting S3Proxy on 127.0.0.1:" + s3Port + " (objects in " + dataDir.resolve("s3/objects") + ")");
        backends.s3 = S3ProxyServer.start(dataDir.resolve("s3"), s3Port, accessKey, secretKey, List.of(bucket));
        log("S3Proxy ready, bucket " + bucket + ", pid " + backends.s3.pid());

        Files.writeString(readyFile, ProcessHandle.current().pid() + "\n");
        stopped.await();
    }

    private static void log(String message) {
        System.out.println("[backends] " + message);
    }

    /** Holds what has started so far, so a failure half-way still stops it. */
    private static final class Backends implements AutoCloseable {
        volatile PostgresServer postgres;
        volatile S3ProxyServer s3;

        @Override
        public synchronized void close() {
            if (s3 != null) {
                s3.close();
                s3 = null;
            }
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        }
    }
}
