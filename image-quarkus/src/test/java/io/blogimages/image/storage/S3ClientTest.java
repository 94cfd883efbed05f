package io.blogimages.image.storage;

import io.blogimages.image.support.JwtKeysResource;
import io.blogimages.testsupport.PostgresResource;
import io.blogimages.testsupport.S3ProxyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Quarkus S3 client against the real S3 API server (S3Proxy), which checks signatures. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "image"), @ResourceArg(name = "gate", value = "true")})
@WithTestResource(S3ProxyResource.class)
@WithTestResource(JwtKeysResource.class)
class S3ClientTest {

    @Inject
    S3Client s3;

    @Inject
    StorageConfig config;

    @ConfigProperty(name = "quarkus.s3.endpoint-override")
    String endpoint;

    @Test
    void putsGetsAndDeletesAnObject() throws IOException {
        String key = UUID.randomUUID() + ".txt";
        byte[] body = "hello, bucket".getBytes(StandardCharsets.UTF_8);
        s3.putObject(put -> put.bucket(config.bucket()).key(key).contentType("text/plain"), RequestBody.fromBytes(body));

        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get -> get.bucket(config.bucket()).key(key))) {
            assertArrayEquals(body, in.readAllBytes());
            assertEquals("text/plain", in.response().contentType());
            assertEquals(body.length, in.response().contentLength());
        }
        assertEquals(403, unsignedGetStatus(endpoint + "/" + config.bucket() + "/" + key), "objects must be private");

        s3.deleteObject(delete -> delete.bucket(config.bucket()).key(key));
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(head -> head.bucket(config.bucket()).key(key)));
    }

    private static int unsignedGetStatus(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    @Test
    void theServerRefusesAWrongSecret() {
        try (S3Client forged = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .httpClient(UrlConnectionHttpClient.create())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("intruder", "not-the-secret")))
                .build()) {
            S3Exception e = assertThrows(S3Exception.class, () -> forged.listObjectsV2(list -> list.bucket(config.bucket())));
            assertEquals(403, e.statusCode());
        }
    }
}
