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
 * application reads its bucket name from (default {@code image.storage.bucket}); {@code gate=true} puts a
 * {@link TcpGate} between application and server, with which tests cut S3 off in the middle of an operation
 * ({@link S3ProxyControl#cutOffAfterBytes}); the server's own endpoint is then {@value #DIRECT_ENDPOINT}.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    /** The config key of S3Proxy's own endpoint, which bypasses the gate. */
    public static final String DIRECT_ENDPOINT = "test.s3proxy.direct-endpoint";

    private String bucket = "test-images";
    private String bucketProperty = "image.storage.bucket";
    private boolean gated;
    private S3ProxyServer server;
    private TcpGate gate;

    @Override
    public void init(Map<String, String> initArgs) {
        bucket = initArgs.getOrDefault("bucket", bucket);
        bucketProperty = initArgs.getOrDefault("bucket-property", bucketProperty);
        gated = Boolean.parseBoolean(initArgs.getOrDefault("gate", "false"));
    }

    @Override
    public Map<String, String> start() {
        server = S3ProxyServer.startTemporary(List.of(bucket));
        BackendControl.publish(S3ProxyControl.BACKEND, server::stop, server::start);
        String endpoint = server.endpoint();
        if (gated) {
            gate = new TcpGate(server.port());
            endpoint = "http://127.0.0.1:" + gate.port();
            BackendControl.publish(S3ProxyControl.GATE, gate);
        }
        return Map.of(
                DIRECT_ENDPOINT, server.endpoint(),
                "quarkus.s3.endpoint-override", endpoint,
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
        BackendControl.withdraw(S3ProxyControl.GATE);
        if (gate != null) {
            gate.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
