package io.blogimages.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar} of a sibling module) run as a
 * child process on 127.0.0.1 and a free port, with its management interface (health, metrics) on another free
 * port, in prod mode with the given configuration, for tests that need the real service behind them (the
 * gateway's). Stopped, and restartable, by PID.
 */
public final class QuarkusAppProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Path jar;
    private final Map<String, String> config;
    private final Path logFile;
    private final int port;
    private final int managementPort;
    private final ChildProcess process;

    private QuarkusAppProcess(String name, Path jar, Map<String, String> config, Path logFile, int port,
            int managementPort) {
        this.name = name;
        this.jar = jar;
        this.config = Map.copyOf(config);
        this.logFile = logFile;
        this.port = port;
        this.managementPort = managementPort;
        this.process = new ChildProcess(name, jar.getParent().getParent(), logFile,
                managementUrl() + "/q/health/ready", status -> status == 200, STARTUP_TIMEOUT);
    }

    /**
     * Starts the application of the sibling module and waits until {@code /q/health/ready} answers 200 on its
     * management interface.
     *
     * @param module the module directory name, e.g. {@code auth-quarkus}; it must have been packaged
     * @param config Quarkus configuration, passed as system properties
     */
    public static QuarkusAppProcess start(String module, String name, Map<String, String> config, Path logDirectory) {
        Path jar = moduleDirectory(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + module + " first (./mvnw verify builds it)");
        }
        try {
            Files.createDirectories(logDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        QuarkusAppProcess app = new QuarkusAppProcess(name, jar, config, logDirectory.resolve(name + ".log"),
                FreePort.pick(), FreePort.pick());
        app.start();
        return app;
    }

    /** Starts (again, after {@link #stop()}) on the same ports with the same configuration. */
    public void start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        process.start(command);
    }

    /** Stops the process by PID (SIGTERM, then SIGKILL) and waits until it is gone. */
    public void stop() {
        process.stop();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The management interface: /q/health/*, /q/metrics, /q/openapi. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        stop();
    }

    /** The directory of a sibling module, found from the working directory (a module or the root). */
    static Path moduleDirectory(String module) {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(module)) && Files.isRegularFile(dir.resolve(module).resolve("pom.xml"))) {
                return dir.resolve(module);
            }
        }
        throw new IllegalStateException("no module " + module + " above " + here);
    }
}
