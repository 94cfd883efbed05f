package io.blogimages.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts a real PostgreSQL for a Quarkus test run and points the default datasource at it.
 *
 * <p>Init args: {@code database} names the database to create (default {@code app}); {@code gate=true} puts a
 * {@link TcpGate} between application and server, which tests open and shut with {@link PostgresControl}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private String database = "app";
    private boolean gated;
    private PostgresServer server;
    private TcpGate gate;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        gated = Boolean.parseBoolean(initArgs.getOrDefault("gate", "false"));
    }

    @Override
    public Map<String, String> start() {
        server = PostgresServer.startTemporary();
        server.createDatabase(database);
        String url = server.jdbcUrl(database);
        if (gated) {
            gate = new TcpGate(server.port());
            url = url.replace(":" + server.port() + "/", ":" + gate.port() + "/");
            BackendControl.publish(PostgresControl.BACKEND, gate);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD);
    }

    @Override
    public void stop() {
        BackendControl.withdraw(PostgresControl.BACKEND);
        if (gate != null) {
            gate.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
