package io.blogimages.testsupport;

/**
 * Lets a test make the PostgreSQL of the running test application unreachable and reachable again. Needs
 * {@link PostgresResource} with init arg {@code gate=true}: the application then connects through a
 * {@link TcpGate}, which cuts every connection and refuses new ones while shut, as an outage would.
 */
public final class PostgresControl {

    static final String BACKEND = "PostgreSQL";

    private PostgresControl() {
    }

    /** Cuts the application's database connections and refuses new ones. */
    public static void stop() {
        BackendControl.invoke(BACKEND, "stopServer");
    }

    /** Lets connections through again. */
    public static void start() {
        BackendControl.invoke(BACKEND, "startServer");
    }
}
