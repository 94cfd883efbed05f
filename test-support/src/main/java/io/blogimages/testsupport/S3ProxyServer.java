package io.blogimages.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * S3Proxy with its filesystem backend: a real S3 API server (it checks SigV4 signatures) on 127.0.0.1,
 * started as a child process with {@code java -jar} and stopped by its PID.
 *
 * <p>A bucket of the filesystem backend is a directory under the base directory, so buckets are created
 * before the server starts and exist as soon as it answers.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String REGION = "us-east-1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final Path workDirectory;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final boolean temporary;
    private final ChildProcess process;

    private S3ProxyServer(Path workDirectory, int port, String accessKey, String secretKey, boolean temporary) {
        this.workDirectory = workDirectory;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.temporary = temporary;
        // any status (403 without credentials) proves it serves S3
        this.process = new ChildProcess("S3Proxy", null, workDirectory.resolve("s3proxy.log"), endpoint() + "/",
                status -> status > 0, STARTUP_TIMEOUT);
    }

    /**
     * Starts S3Proxy and waits until it answers HTTP.
     *
     * @param workDirectory holds the objects ({@code objects/<bucket>/...}), the config and the log; kept
     */
    public static S3ProxyServer start(Path workDirectory, int port, String accessKey, String secretKey,
                                      List<String> buckets) {
        return start(workDirectory, port, accessKey, secretKey, buckets, false);
    }

    /** A server on a free port with random credentials and a throw-away directory. */
    public static S3ProxyServer startTemporary(List<String> buckets) {
        try {
            Path directory = Files.createTempDirectory("s3proxy-");
            return start(directory, FreePort.pick(), "test-" + randomHex(8), randomHex(24), buckets, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static S3ProxyServer start(Path workDirectory, int port, String accessKey, String secretKey,
                                       List<String> buckets, boolean temporary) {
        try {
            Path objects = workDirectory.resolve("objects");
            for (String bucket : buckets) {
                if (!BUCKET_NAME.matcher(bucket).matches()) {
                    throw new IllegalArgumentException("not a valid S3 bucket name: " + bucket);
                }
                Path bucketDirectory = Files.createDirectories(objects.resolve(bucket));
                // jclouds' filesystem backend reports world-readable directories and files as public-read,
                // which would let unsigned requests in: keep them private, like a real bucket.
                Files.setPosixFilePermissions(bucketDirectory, PosixFilePermissions.fromString("rwx------"));
            }
            writeConfig(workDirectory.resolve("s3proxy.conf"), objects, port, accessKey, secretKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare S3Proxy in " + workDirectory, e);
        }
        S3ProxyServer server = new S3ProxyServer(workDirectory, port, accessKey, secretKey, temporary);
        server.start();
        return server;
    }

    /**
     * Starts the process (again, after {@link #stop()}): same port, credentials and objects, so tests can take
     * S3 away and bring it back.
     */
    public void start() {
        List<String> command = new ArrayList<>();
        // umask 077: objects written by S3Proxy are private too (see the bucket directories above).
        command.add("/bin/sh");
        command.add("-c");
        command.add("umask 077 && exec \"$0\" \"$@\"");
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-jar");
        try {
            command.add(jar(workDirectory).toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot provide s3proxy.jar in " + workDirectory, e);
        }
        command.add("--properties");
        command.add(workDirectory.resolve("s3proxy.conf").toString());
        process.start(command);
    }

    /** Stops the process by its PID and waits until it is gone; the objects stay. */
    public void stop() {
        process.stop();
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static void writeConfig(Path config, Path objects, int port, String accessKey, String secretKey)
            throws IOException {
        Properties properties = new Properties();
        properties.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        properties.setProperty("s3proxy.identity", accessKey);
        properties.setProperty("s3proxy.credential", secretKey);
        properties.setProperty("jclouds.provider", "filesystem");
        properties.setProperty("jclouds.filesystem.basedir", objects.toAbsolutePath().toString());
        try (var out = Files.newOutputStream(config)) {
            properties.store(out, "S3Proxy, written by io.blogimages.testsupport.S3ProxyServer");
        }
    }

    /**
     * The S3Proxy jar embedded in this module. Used in place when it is a plain file (class directories),
     * otherwise extracted next to the server's data.
     */
    private static Path jar(Path workDirectory) throws IOException {
        URL resource = S3ProxyServer.class.getResource("/s3proxy/s3proxy.jar");
        if (resource == null) {
            throw new IllegalStateException("s3proxy.jar is not on the class path: build test-support first");
        }
        if ("file".equals(resource.getProtocol())) {
            return Path.of(URI.create(resource.toString()));
        }
        Path target = workDirectory.resolve("s3proxy.jar");
        if (Files.isRegularFile(target)) {
            return target;
        }
        try (InputStream in = resource.openStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server; a temporary one also loses its directory. */
    @Override
    public void close() {
        stop();
        if (temporary) {
            deleteRecursively(workDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
