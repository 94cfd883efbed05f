package io.blogimages.image.storage;

import io.blogimages.image.support.JwtKeysResource;
import io.blogimages.testsupport.PostgresResource;
import io.blogimages.testsupport.S3ProxyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Puts in the background against the real S3 API server: awaited, failed, and abandoned. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "image"), @ResourceArg(name = "gate", value = "true")})
@WithTestResource(S3ProxyResource.class)
@WithTestResource(JwtKeysResource.class)
class ObjectStoreTest {

    @Inject
    ObjectStore store;

    @TempDir
    Path directory;

    @Test
    void anAwaitedPutHasStoredTheBytes() throws Exception {
        byte[] bytes = randomBytes(300_000);
        Path file = Files.write(directory.resolve("a.bin"), bytes);
        String key = UUID.randomUUID() + ".png";

        ObjectStore.PendingPut put = store.putInBackground(key, file, "image/png");
        put.await();
        assertTrue(put.ended());

        try (ResponseInputStream<GetObjectResponse> in = store.open(key, null)) {
            assertArrayEquals(bytes, in.readAllBytes());
            assertEquals("image/png", in.response().contentType());
        }
        store.deleteAll(java.util.List.of(key));
    }

    @Test
    void aFailedPutRethrowsWhenAwaited() {
        ObjectStore.PendingPut put = store.putInBackground(UUID.randomUUID() + ".png",
                directory.resolve("never-written.bin"), "image/png");
        assertThrows(RuntimeException.class, put::await);
    }

    @Test
    void anAbandonedPutHasEndedSoADeleteAfterItIsFinal() throws Exception {
        // Large enough to be on the wire when abandoned; whether it got through or not, once abandon() returns
        // nothing may still be writing: the delete that follows must be the last word on the key.
        Path file = Files.write(directory.resolve("big.bin"), randomBytes(16 * 1024 * 1024));
        for (int i = 0; i < 5; i++) {
            String key = UUID.randomUUID() + ".png";
            ObjectStore.PendingPut put = store.putInBackground(key, file, "image/png");
            Thread.sleep(i * 20L);
            put.abandon();
            assertTrue(put.ended(), "round " + i + ": the put is still running after abandon()");
            store.deleteAll(java.util.List.of(key));
            Thread.sleep(300);
            assertThrows(NoSuchKeyException.class, () -> store.open(key, null).close(), "round " + i);
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
