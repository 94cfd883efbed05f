package io.blogimages.image.image;

import io.blogimages.image.support.JwtKeysResource;
import io.blogimages.testsupport.PostgresResource;
import io.blogimages.testsupport.S3ProxyResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Image metadata through Panache on a real PostgreSQL with the Flyway schema and its constraints. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "image"), @ResourceArg(name = "gate", value = "true")})
@WithTestResource(S3ProxyResource.class)
@WithTestResource(JwtKeysResource.class)
class ImagePersistenceTest {

    @Test
    void storesAndListsImagesOfAPostInPositionOrder() {
        String post = "post-" + UUID.randomUUID();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> {
            newImage(post, 1, false, created).persist();
            newImage(post, 0, true, created).persist();
        });

        List<Image> images = QuarkusTransaction.requiringNew().call(() -> Image.listByPost(post));
        assertEquals(List.of(0, 1), images.stream().map(i -> i.position).toList());
        assertEquals(true, images.getFirst().thumbnail);
        assertEquals(created, images.getFirst().createdAt);
        assertEquals("a".repeat(64), images.getFirst().sha256);
    }

    @Test
    void theDatabaseAllowsOnlyOneThumbnailPerPost() {
        String post = "post-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> newImage(post, 0, true, Instant.now()).persist());
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> newImage(post, 1, true, Instant.now()).persistAndFlush()));
        assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() -> Image.count("postId", post)));
    }

    @Test
    void theDatabaseRefusesTwoImagesAtOnePosition() {
        String post = "post-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> newImage(post, 0, true, Instant.now()).persist());
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> newImage(post, 0, false, Instant.now()).persistAndFlush()));
    }

    static Image newImage(String postId, int position, boolean thumbnail, Instant createdAt) {
        Image image = new Image();
        image.id = UUID.randomUUID();
        image.postId = postId;
        image.objectKey = UUID.randomUUID().toString().replace("-", "") + ".png";
        image.originalFilename = "photo.png";
        image.contentType = "image/png";
        image.size = 1234;
        image.width = 40;
        image.height = 30;
        image.sha256 = "a".repeat(64);
        image.thumbnail = thumbnail;
        image.position = position;
        image.createdAt = createdAt;
        return image;
    }
}
