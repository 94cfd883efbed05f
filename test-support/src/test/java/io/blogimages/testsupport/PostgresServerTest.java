package io.blogimages.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresServerTest {

    @Test
    void startsRealPostgres17CreatesDatabasesAndStopsByPid() throws SQLException {
        long pid;
        try (PostgresServer server = PostgresServer.startTemporary()) {
            server.createDatabase("sample");
            server.createDatabase("sample"); // idempotent
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl("sample"), PostgresServer.USER, PostgresServer.PASSWORD);
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SHOW server_version_num")) {
                rs.next();
                assertEquals(17, rs.getInt(1) / 10000);
            }
            pid = server.pid().orElseThrow();
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "postmaster " + pid + " still alive");
    }

    @Test
    void aPersistentClusterKeepsItsDataAcrossRestarts(@TempDir Path dataDir) throws SQLException {
        int port = FreePort.pick();
        try (PostgresServer server = PostgresServer.start(dataDir, port)) {
            server.createDatabase("kept");
            execute(server.jdbcUrl("kept"), "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('still here')");
        }
        try (PostgresServer server = PostgresServer.start(dataDir, port);
             Connection connection = DriverManager.getConnection(server.jdbcUrl("kept"), PostgresServer.USER, PostgresServer.PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT body FROM notes")) {
            assertTrue(rs.next());
            assertEquals("still here", rs.getString(1));
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
