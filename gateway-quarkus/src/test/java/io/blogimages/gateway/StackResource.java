package io.blogimages.gateway;

import io.blogimages.testsupport.PostgresServer;
import io.blogimages.testsupport.QuarkusAppProcess;
import io.blogimages.testsupport.S3ProxyServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real system behind the gateway under test: PostgreSQL, S3Proxy, the packaged auth service and two
 * instances of the packaged image service, each a process of its own on 127.0.0.1 (each service on two free ports:
 * HTTP and its management interface, which QuarkusAppProcess waits on for readiness). Tests reach the processes
 * through {@link StackControl} (JMX, since this class and the test class may live in different class loaders).
 */
public class StackResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "gateway-test-images";
    /** How long the gateway and the image instances use auth's keys before they fetch them again. */
    public static final int KEY_CACHE_SECONDS = 1;
    public static final String ADMIN = "gw-admin";
    public static final String ADMIN_PASSWORD = "gw-admin-password";

    private PostgresServer postgres;
    private S3ProxyServer s3;
    private final Map<String, QuarkusAppProcess> apps = new HashMap<>();

    @Override
    public Map<String, String> start() {
        Path work = Path.of("target", "stack");
        Path keys = work.resolve("keys");
        try {
            Files.createDirectories(keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        postgres = PostgresServer.startTemporary();
        postgres.createDatabase("auth");
        postgres.createDatabase("image");
        s3 = S3ProxyServer.startTemporary(List.of(BUCKET));

        // Two key files: the signing key and one more published beside it. Tests rotate keys by rewriting them.
        Path signingKey = keys.resolve("signing.pem").toAbsolutePath();
        Path publishedKey = keys.resolve("published.pem").toAbsolutePath();
        String key = TestKeys.newPrivateKeyPem();
        TestKeys.write(signingKey, key);
        TestKeys.write(publishedKey, key);
        Map<String, String> auth = new HashMap<>(datasource("auth"));
        auth.put("auth.signing.key-location", signingKey.toString());
        auth.put("auth.signing.published-key-locations", publishedKey.toString());
        auth.put("auth.bootstrap-admin.username", ADMIN);
        auth.put("auth.bootstrap-admin.password", ADMIN_PASSWORD);
        auth.put("auth.password.bcrypt-cost", "6");
        // Key caches expire within a test (the image instances keep the JWKS for its max-age)
        auth.put("auth.signing.jwks-max-age", KEY_CACHE_SECONDS + "S");
        Path logs = work.resolve("logs");
        apps.put("auth", QuarkusAppProcess.start("auth-quarkus", "auth", auth, logs));
        String authUrl = apps.get("auth").baseUrl();

        Map<String, String> image = new HashMap<>(datasource("image"));
        image.put("quarkus.s3.endpoint-override", s3.endpoint());
        image.put("quarkus.s3.path-style-access", "true");
        image.put("quarkus.s3.aws.region", S3ProxyServer.REGION);
        image.put("quarkus.s3.aws.credentials.type", "static");
        image.put("quarkus.s3.aws.credentials.static-provider.access-key-id", s3.accessKey());
        image.put("quarkus.s3.aws.credentials.static-provider.secret-access-key", s3.secretKey());
        image.put("image.storage.bucket", BUCKET);
        image.put("mp.jwt.verify.publickey.location", authUrl + "/api/auth/jwks");
        apps.put("image-1", QuarkusAppProcess.start("image-quarkus", "image-1", image, logs));
        apps.put("image-2", QuarkusAppProcess.start("image-quarkus", "image-2", image, logs));

        StackControl.publish(apps, signingKey, publishedKey);
        return Map.of(
                "gateway.routes.auth.instances", authUrl,
                "gateway.routes.image.instances", apps.get("image-1").baseUrl() + "," + apps.get("image-2").baseUrl(),
                "gateway.auth.jwks-url", authUrl + "/api/auth/jwks",
                "gateway.auth.jwks-refresh", KEY_CACHE_SECONDS + "S",
                "gateway.auth.jwks-min-refetch-interval", "1S",
                "gateway.routes.image.circuit-breaker.delay", "2S");
    }

    private Map<String, String> datasource(String database) {
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD);
    }

    @Override
    public void stop() {
        StackControl.withdraw();
        apps.values().forEach(QuarkusAppProcess::close);
        if (s3 != null) {
            s3.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
