package io.blogimages.image.image;

import io.blogimages.image.api.ProblemMappers;
import io.blogimages.image.cleanup.PendingDeletion;
import io.blogimages.image.storage.StorageConfig;
import io.blogimages.image.support.CapturedLog;
import io.blogimages.image.support.JwtKeysResource;
import io.blogimages.image.support.TestImages;
import io.blogimages.image.support.TestTokens;
import io.blogimages.testsupport.PostgresControl;
import io.blogimages.testsupport.PostgresResource;
import io.blogimages.testsupport.S3ProxyControl;
import io.blogimages.testsupport.S3ProxyResource;
import io.blogimages.testsupport.S3ProxyServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static io.blogimages.image.image.ImageResourceTest.admin;
import static io.blogimages.image.image.ImageResourceTest.newPost;
import static io.blogimages.image.image.ImageResourceTest.upload;
import static io.blogimages.image.image.ImageResourceTest.withFiles;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bucket and table stay consistent: failed uploads leave nothing, S3 outages end with nothing behind, concurrent
 * uploads agree on one thumbnail, reconciliation repairs both ways. Looks into the real bucket and database.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "image"), @ResourceArg(name = "gate", value = "true")})
@WithTestResource(value = S3ProxyResource.class, initArgs = @ResourceArg(name = "gate", value = "true"))
@WithTestResource(JwtKeysResource.class)
class ConsistencyTest {

    @Inject
    S3Client s3;

    @Inject
    StorageConfig storage;

    record Snapshot(Set<String> objects, Set<String> rows) {
    }

    Snapshot snapshot() {
        awaitNoPendingDeletions(Duration.ofSeconds(30));
        Set<String> objects = new TreeSet<>();
        s3.listObjectsV2Paginator(list -> list.bucket(storage.bucket())).contents().stream()
                .map(S3Object::key).forEach(objects::add);
        Set<String> rows = new TreeSet<>(QuarkusTransaction.requiringNew().call(() ->
                Image.<Image>listAll().stream().map(i -> i.id + " " + i.objectKey + " " + i.position + " " + i.thumbnail).toList()));
        return new Snapshot(objects, rows);
    }

    static long pendingDeletions() {
        return QuarkusTransaction.requiringNew().call(() -> PendingDeletion.count());
    }

    static void awaitNoPendingDeletions(Duration timeout) {
        await(() -> pendingDeletions() == 0, timeout, "pending deletions to drain");
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void goodFilesWithOneBadFileLeaveBucketAndTableExactlyAsBefore() {
        String post = newPost();
        upload(post, "existing.png", TestImages.png(20, 20));
        Snapshot before = snapshot();

        for (Object[] bad : List.of(
                new Object[] {"evil.png", TestImages.html()},
                new Object[] {"cut.jpg", TestImages.truncatedJpeg()},
                new Object[] {"bomb.png", TestImages.pngClaiming(100_000, 100_000)},
                // Passes the header checks, so the good files' originals (and its own) are already in S3 or on
                // their way when its decode fails: they must all be gone again.
                new Object[] {"garbled.png", TestImages.pngWithGarbledPixels(64, 64)})) {
            ExtractableResponse<Response> refused = withFiles(admin(), "one.png", TestImages.png(40, 40), "two.jpg",
                    TestImages.jpeg(40, 40), bad[0], bad[1]).post("/api/posts/{post}/images", post).then().extract();
            assertTrue(refused.statusCode() == 415 || refused.statusCode() == 422, refused.asString());
            assertTrue(refused.<String>path("detail").startsWith("file 3 (" + bad[0] + ")"), refused.asString());
        }
        assertEquals(before, snapshot());
    }

    @Test
    void s3ClosingItsIdleConnectionsCostsNoCall() {
        // S3 (and S3Proxy here) may close a keep-alive connection the service holds in its pool; the service only
        // learns so when it uses it. Uploads (with a background put and a thumbnail put), reads and deletes must
        // then take another connection, not answer 503.
        String post = newPost();
        upload(post, "first.png", TestImages.png(12, 12));
        for (int round = 0; round < 3; round++) {
            S3ProxyControl.dropConnections();
            String key = upload(post, "again.png", TestImages.png(14, 14)).path("[0].key");
            S3ProxyControl.dropConnections();
            given().get("/api/images/{key}", key).then().statusCode(200);
            S3ProxyControl.dropConnections();
            admin().delete("/api/images/{key}", key).then().statusCode(204);
        }
        awaitNoPendingDeletions(Duration.ofSeconds(30));
    }

    @Test
    void spooledUploadsAndWorkingFilesAreDeletedWhateverTheOutcome() {
        String post = newPost();
        upload(post, "ok.jpg", TestImages.jpegWithExif(64, 64, 1));
        withFiles(admin(), "ok.png", TestImages.png(8, 8), "bad.png", TestImages.html())
                .post("/api/posts/{post}/images", post).then().statusCode(415);
        withFiles(given(), "anonymous.png", TestImages.png(8, 8)).post("/api/posts/{post}/images", post)
                .then().statusCode(401);
        java.nio.file.Path uploads = java.nio.file.Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.http.body.uploads-directory", String.class));
        await(() -> filesUnder(uploads) == 0, Duration.ofSeconds(10), "no files left in " + uploads);
    }

    private static long filesUnder(java.nio.file.Path directory) {
        if (!java.nio.file.Files.isDirectory(directory)) {
            return 0;
        }
        try (var paths = java.nio.file.Files.walk(directory)) {
            return paths.filter(java.nio.file.Files::isRegularFile).count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Test
    void anS3OutageLeavesNoRowsAndNoObjectsOnceS3IsBack() {
        String post = newPost();
        String kept = upload(post, "kept.png", TestImages.png(20, 20)).path("[0].key");
        Snapshot before = snapshot();

        S3ProxyControl.stop();
        try {
            ExtractableResponse<Response> failed = withFiles(admin(), "a.png", TestImages.png(30, 30),
                    "b.png", TestImages.png(30, 30)).post("/api/posts/{post}/images", post).then().extract();
            assertEquals(503, failed.statusCode(), failed.asString());
            assertTrue(failed.contentType().startsWith("application/problem+json"));
            assertTrue(failed.header("Retry-After") != null);
            given().get("/api/posts/{post}/images", post).then().statusCode(200).body("key", org.hamcrest.Matchers.contains(kept));
            // What the failed upload may have written could not be deleted: it waits in the table.
            assertTrue(pendingDeletions() >= 1, "keys of the failed upload are recorded");

            // Deleting while S3 is away: the row goes now, the objects once S3 is back.
            admin().delete("/api/images/{key}", kept).then().statusCode(204);
            given().get("/api/posts/{post}/images", post).then().statusCode(200).body("$", empty());
            assertTrue(pendingDeletions() >= 3, "both objects of the deleted image are recorded");
        } finally {
            S3ProxyControl.start();
        }

        awaitNoPendingDeletions(Duration.ofSeconds(60));
        Snapshot after = snapshot();
        Set<String> expected = new TreeSet<>(before.objects());
        expected.remove(kept);
        expected.remove("thumbnails/" + kept);
        assertEquals(expected, after.objects());
        assertFalse(after.rows().stream().anyMatch(row -> row.contains(kept)));
    }

    @Test
    void s3LostBetweenTheFilesOfAnUploadLeavesNothingOnceItIsBack() {
        String post = newPost();
        String kept = upload(post, "kept.png", TestImages.png(20, 20)).path("[0].key");
        Snapshot before = snapshot();

        // Files are stored in order, each followed by its thumbnail. The first file is small and reaches S3 whole
        // with its thumbnail; the second is large (noise does not compress) and S3 is cut off half-way through it.
        S3ProxyControl.cutOffAfterBytes(256 * 1024);
        try {
            ExtractableResponse<Response> failed = withFiles(admin(), "small.png", TestImages.png(24, 24),
                    "large.png", TestImages.noisePng(1200, 1200)).post("/api/posts/{post}/images", post).then().extract();
            assertEquals(503, failed.statusCode(), failed.asString());
            assertTrue(failed.contentType().startsWith("application/problem+json"));

            Set<String> written = directObjectKeys();
            written.removeAll(before.objects());
            assertEquals(2, written.size(), "the first file and its thumbnail were really written before S3 was lost");
            // They cannot be deleted now, so they are recorded for deletion (with the key of the cut-off
            // object, which S3 may or may not have kept).
            Set<String> recorded = new TreeSet<>(QuarkusTransaction.requiringNew().call(() ->
                    PendingDeletion.<PendingDeletion>listAll().stream().map(p -> p.objectKey).toList()));
            assertTrue(recorded.containsAll(written), "recorded " + recorded + ", written " + written);
            given().get("/api/posts/{post}/images", post).then().statusCode(200)
                    .body("key", org.hamcrest.Matchers.contains(kept));
        } finally {
            S3ProxyControl.reconnect();
        }

        awaitNoPendingDeletions(Duration.ofSeconds(60));
        assertEquals(before, snapshot(), "bucket and table as before the upload");
    }

    /**
     * The bucket as S3Proxy has it, bypassing the gate the application goes through. The settings are read here,
     * not injected: Quarkus checks every test class's injection points at start, where other resources are in use.
     */
    private Set<String> directObjectKeys() {
        Config config = ConfigProvider.getConfig();
        String directEndpoint = config.getValue(S3ProxyResource.DIRECT_ENDPOINT, String.class);
        String accessKey = config.getValue("quarkus.s3.aws.credentials.static-provider.access-key-id", String.class);
        String secretKey = config.getValue("quarkus.s3.aws.credentials.static-provider.secret-access-key", String.class);
        try (S3Client direct = S3Client.builder()
                .endpointOverride(URI.create(directEndpoint))
                .forcePathStyle(true)
                .region(Region.of(S3ProxyServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            Set<String> keys = new TreeSet<>();
            direct.listObjectsV2Paginator(list -> list.bucket(storage.bucket())).contents().stream()
                    .map(S3Object::key).forEach(keys::add);
            return keys;
        }
    }

    @Test
    void aDatabaseOutageIs503AndLeavesNothingInTheBucket() throws Exception {
        String post = newPost();
        upload(post, "before.png", TestImages.png(10, 10));
        Snapshot before = snapshot();

        PostgresControl.stop();
        try (CapturedLog log = CapturedLog.warningsOf(ProblemMappers.class)) {
            ExtractableResponse<Response> list = given().get("/api/posts/{post}/images", post).then().extract();
            assertEquals(503, list.statusCode(), list.asString());
            // For the operator, the log names the dependency and why (the client only learns which one).
            assertTrue(log.warnings().startsWith("WARN database unavailable: "), log.warnings());
            assertTrue(list.contentType().startsWith("application/problem+json"));
            assertTrue(list.header("Retry-After") != null);

            // The objects are written, the rows cannot be: the objects are deleted again.
            ExtractableResponse<Response> failed = withFiles(admin(), "a.png", TestImages.png(30, 30),
                    "b.jpg", TestImages.jpeg(30, 30)).post("/api/posts/{post}/images", post).then().extract();
            assertEquals(503, failed.statusCode(), failed.asString());
            Set<String> objects = new TreeSet<>();
            s3.listObjectsV2Paginator(l -> l.bucket(storage.bucket())).contents().stream()
                    .map(S3Object::key).forEach(objects::add);
            assertEquals(before.objects(), objects);
            // A failover takes seconds, through which most pooled connections sit idle.
            Thread.sleep(1500);
        } finally {
            PostgresControl.start();
        }
        // The database is reachable again at once (the gate is open). Pooled connections the outage cut are not
        // handed out again: a burst of calls right away all succeed.
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<ExtractableResponse<Response>>> burst = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                burst.add(pool.submit(() -> given().get("/api/posts/{post}/images", post).then().extract()));
            }
            for (Future<ExtractableResponse<Response>> call : burst) {
                ExtractableResponse<Response> response = call.get();
                assertEquals(200, response.statusCode(), response.asString());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before, snapshot());
    }

    @Test
    void concurrentFirstUploadsToAnEmptyPostEndWithExactlyOneThumbnail() throws Exception {
        for (int round = 0; round < 3; round++) {
            String post = newPost();
            int uploads = 6;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(uploads);
            try (CapturedLog log = CapturedLog.warningsOf(ProblemMappers.class)) {
                List<Future<ExtractableResponse<Response>>> results = new ArrayList<>();
                byte[] png = TestImages.png(16, 16);
                for (int i = 0; i < uploads; i++) {
                    String name = "img" + i + ".png";
                    Callable<ExtractableResponse<Response>> call = () -> {
                        start.await();
                        return withFiles(admin(), name, png).post("/api/posts/{post}/images", post).then().extract();
                    };
                    results.add(pool.submit(call));
                }
                start.countDown();
                for (Future<ExtractableResponse<Response>> result : results) {
                    ExtractableResponse<Response> response = result.get();
                    assertEquals(201, response.statusCode(), () -> response.asString() + "\nwarnings: " + log.warnings());
                }
            } finally {
                pool.shutdownNow();
            }
            List<Boolean> thumbnails = given().get("/api/posts/{post}/images", post).then().statusCode(200)
                    .extract().path("thumbnail");
            List<Integer> positions = given().get("/api/posts/{post}/images", post).then().extract().path("position");
            assertEquals(1, thumbnails.stream().filter(t -> t).count(), "one thumbnail in " + thumbnails);
            assertEquals(List.of(0, 1, 2, 3, 4, 5), positions);
        }
    }

    @Test
    void reconciliationReportsAndRepairsOrphansBothWays() {
        awaitNoPendingDeletions(Duration.ofSeconds(30));
        String orphanKey = "AAAAAAAAAAAAAAAAAAAAAA" + UUID.randomUUID().toString().substring(0, 4).replace("-", "A") + ".png";
        s3.putObject(put -> put.bucket(storage.bucket()).key(orphanKey).contentType("image/png"),
                RequestBody.fromBytes(TestImages.png(5, 5)));
        String post = newPost();
        List<String> keys = upload(post, "a.png", TestImages.png(5, 5), "b.png", TestImages.png(5, 5)).path("key");
        // The first image (the thumbnail) loses its object behind the service's back.
        s3.deleteObject(delete -> delete.bucket(storage.bucket()).key(keys.get(0)));

        given().post("/api/images/admin/reconcile").then().statusCode(401);
        given().auth().oauth2(TestTokens.user()).post("/api/images/admin/reconcile").then().statusCode(403);

        ExtractableResponse<Response> report = admin().post("/api/images/admin/reconcile?dryRun=true")
                .then().statusCode(200).extract();
        assertTrue(report.<List<String>>path("orphanObjects").contains(orphanKey), report.asString());
        assertTrue(report.<List<String>>path("rowsWithoutObject").contains(keys.get(0)), report.asString());
        assertEquals(false, report.path("repaired"));
        given().get("/api/posts/{post}/images", post).then().body("key", org.hamcrest.Matchers.contains(keys.toArray()));

        admin().post("/api/images/admin/reconcile").then().statusCode(200).body("repaired", org.hamcrest.Matchers.is(true));
        awaitNoPendingDeletions(Duration.ofSeconds(30));
        Set<String> objects = snapshot().objects();
        assertFalse(objects.contains(orphanKey));
        assertFalse(objects.contains("thumbnails/" + keys.get(0)));
        given().get("/api/posts/{post}/images", post).then()
                .body("key", org.hamcrest.Matchers.contains(keys.get(1)))
                .body("thumbnail", org.hamcrest.Matchers.contains(true));
        ExtractableResponse<Response> clean = admin().post("/api/images/admin/reconcile?dryRun=true").then().extract();
        assertFalse(clean.<List<String>>path("orphanObjects").contains(orphanKey));
        assertFalse(clean.<List<String>>path("rowsWithoutObject").contains(keys.get(0)));
    }
}
