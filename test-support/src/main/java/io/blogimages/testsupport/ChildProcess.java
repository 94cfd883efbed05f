package io.blogimages.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A server run as a child process, its output appended to a log file: started and awaited until an HTTP URL
 * answers as wanted (with the end of its log when it never does), stopped by PID, restartable.
 */
final class ChildProcess {

    private final String name;
    private final Path directory;
    private final Path log;
    private final String readyUrl;
    private final IntPredicate ready;
    private final Duration timeout;
    private Process process;

    /**
     * @param directory the working directory, or {@code null} for this process' own
     * @param ready     which HTTP status of {@code readyUrl} means the server serves
     */
    ChildProcess(String name, Path directory, Path log, String readyUrl, IntPredicate ready, Duration timeout) {
        this.name = name;
        this.directory = directory;
        this.log = log;
        this.readyUrl = readyUrl;
        this.ready = ready;
        this.timeout = timeout;
    }

    /** Launches the command unless the process runs already, and waits until it is ready. */
    synchronized void start(List<String> command) {
        if (process != null && process.isAlive()) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        try {
            awaitReady();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** Stops the process by PID (SIGTERM, then SIGKILL) and waits until it is gone. */
    synchronized void stop() {
        if (process != null) {
            Processes.terminate(process.toHandle());
        }
    }

    synchronized long pid() {
        return process.pid();
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(readyUrl).toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(2000);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (ready.test(status)) {
                    return;
                }
            } catch (IOException e) {
                // not listening, or not serving yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
