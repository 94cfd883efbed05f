package io.blogimages.auth.api;

import io.blogimages.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static io.blogimages.auth.AuthApi.client;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Caller-supplied text cannot forge or disguise a log line (the test profile logs text lines to a file). */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class LogInjectionTest {

    @Test
    void aUsernameWithALineBreakStartsNoLogLine() throws IOException {
        String marker = "forged-" + UUID.randomUUID();
        client().body(Map.of("username", "x\n2026-01-01 00:00:00,000 INFO  event=LOGIN_SUCCESS username=" + marker,
                "password", "whatever password")).post("/api/auth/login").then().statusCode(400);
        client().body(Map.of("username", "y\r" + marker, "password", "whatever password"))
                .post("/api/auth/login").then().statusCode(400);
        for (String line : log().lines().toList()) {
            assertFalse(line.contains(marker) && !line.startsWith("20"), "a forged line: " + line);
        }
    }

    @Test
    void unusualCharactersThatPassValidationAreEscapedInTheLine() throws IOException {
        String name = "rtl-" + UUID.randomUUID().toString().substring(0, 8) + "\u202Enimda\u2028next";
        client().body(Map.of("username", name, "password", "whatever password")).post("/api/auth/login")
                .then().statusCode(401);
        String log = log();
        assertFalse(log.contains("\u202E") || log.contains("\u2028"), "raw bidi override or line separator in the log");
        assertTrue(log.contains(name.substring(0, 12) + "\\u202enimda\\u2028next"), "the escaped username is logged");
    }

    private static String log() throws IOException {
        return Files.readString(Path.of("target/auth-test.log"));
    }
}
