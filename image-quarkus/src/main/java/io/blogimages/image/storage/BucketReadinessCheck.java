package io.blogimages.image.storage;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Ready only while the bucket answers: without S3 the service can neither store nor serve an image, so the
 * load balancer should send traffic to a replica that can.
 */
@Readiness
@ApplicationScoped
public class BucketReadinessCheck implements HealthCheck {

    private final S3Client s3;
    private final StorageConfig config;

    public BucketReadinessCheck(S3Client s3, StorageConfig config) {
        this.s3 = s3;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("s3-bucket").withData("bucket", config.bucket());
        try {
            s3.headBucket(request -> request.bucket(config.bucket()));
            return response.up().build();
        } catch (SdkException e) {
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
