package io.blogimages.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.List;
import java.util.Map;

/**
 * Starts S3Proxy for a Quarkus test run and configures the Quarkus S3 client for it: endpoint override,
 * path-style access, static credentials that S3Proxy checks.
 *
 * <p>Tests can stop and restart this server with {@link S3ProxyControl}.
 *
 * <p>Init args: {@code bucket} (default {@code test-images}) and {@code bucket-property}, the config key the
 * application reads its bucket name from (default {@code image.storage.bucket}).
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    private String bucket = "test-images";
    private String bucketProperty = "image.storage.bucket";
    private S3ProxyServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        bucket = initArgs.getOrDefault("bucket", bucket);
        bucketProperty = initArgs.getOrDefault("bucket-property", bucketProperty);
    }

    @Override
    public Map<String, String> start() {
        server = S3ProxyServer.startTemporary(List.of(bucket));
        BackendControl.publish(S3ProxyControl.BACKEND, server::stop, server::start);
        return Map.of(
                "quarkus.s3.endpoint-override", server.endpoint(),
                "quarkus.s3.path-style-access", "true",
                "quarkus.s3.aws.region", S3ProxyServer.REGION,
                "quarkus.s3.aws.credentials.type", "static",
                "quarkus.s3.aws.credentials.static-provider.access-key-id", server.accessKey(),
                "quarkus.s3.aws.credentials.static-provider.secret-access-key", server.secretKey(),
                bucketProperty, bucket);
    }

    @Override
    public void stop() {
        BackendControl.withdraw(S3ProxyControl.BACKEND);
        if (server != null) {
            server.close();
        }
    }
}
