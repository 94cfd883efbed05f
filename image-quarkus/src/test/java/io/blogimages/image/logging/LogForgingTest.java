package io.blogimages.image.logging;

import io.blogimages.image.image.ImageService;
import io.blogimages.image.support.JwtKeysResource;
import io.blogimages.image.support.TestTokens;
import io.blogimages.testsupport.PostgresResource;
import io.blogimages.testsupport.S3ProxyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client input in a log message cannot start a line of its own or reorder what a line shows. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "image"), @ResourceArg(name = "gate", value = "true")})
@WithTestResource(S3ProxyResource.class)
@WithTestResource(JwtKeysResource.class)
class LogForgingTest {

    private static final Path LOG = Path.of("target/image-test.log");

    @Test
    void aNewlineInAMessageIsEscapedOnItsLine() throws Exception {
        String marker = UUID.randomUUID().toString();
        Logger.getLogger(ImageService.class).infof("post %s: stored", marker + "\r\nINFO  [forged] all images deleted");
        List<String> lines = awaitLines(marker);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().contains(marker + "\\r\\nINFO  [forged] all images deleted"), lines.getFirst());
        assertFalse(Files.readString(LOG).lines().anyMatch(l -> l.startsWith("INFO  [forged]")));
    }

    @Test
    void aRefusedWriteIsLoggedWithTheClientsKeyEscaped() throws Exception {
        String marker = UUID.randomUUID().toString().replace("-", "");
        // Not control characters (the key is a 404, not a 400): a line separator and a right-to-left override.
        String key = marker + "\u2028INFO forged\u202Egnp.exe";
        given().auth().oauth2(TestTokens.admin()).delete("/api/images/{key}", key).then().statusCode(404);
        List<String> lines = awaitLines(marker);
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.getFirst();
        assertTrue(line.contains("refused DELETE"), line);
        assertTrue(line.contains(marker + "\\u2028INFO forged\\u202Egnp.exe"), line);
        assertFalse(line.contains("\u2028") || line.contains("\u202E"), line);
    }

    private static List<String> awaitLines(String marker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<String> lines = Files.exists(LOG)
                    ? Files.readAllLines(LOG).stream().filter(l -> l.contains(marker)).toList() : List.of();
            if (!lines.isEmpty() || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(100);
        }
    }
}
