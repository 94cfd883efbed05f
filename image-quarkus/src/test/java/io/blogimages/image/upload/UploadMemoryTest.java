package io.blogimages.image.upload;

import io.blogimages.image.support.JwtKeysResource;
import io.blogimages.image.support.TestImages;
import io.blogimages.image.support.TestTokens;
import io.blogimages.testsupport.PostgresResource;
import io.blogimages.testsupport.S3ProxyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures the heap while a 20 MiB image is uploaded (client and server share this JVM; the client streams the
 * file from disk). Reports figures rather than asserting timings; the one assertion is that the upload is not
 * kept in memory afterwards.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "image"), @ResourceArg(name = "gate", value = "true")})
@WithTestResource(S3ProxyResource.class)
@WithTestResource(JwtKeysResource.class)
class UploadMemoryTest {

    private static final Logger LOG = Logger.getLogger(UploadMemoryTest.class);
    private static final long MIB = 1024 * 1024;

    @Test
    void heapGrowthWhileUploadingA20MiBImage() throws Exception {
        Path file = Files.createTempFile("upload-20mib-", ".png");
        try {
            Files.write(file, TestImages.noisePng(2600, 2600)); // random pixels: ~19.4 MiB, 6.8 megapixels
            long size = Files.size(file);
            assertTrue(size > 19 * MIB && size <= 20 * MIB, "size " + size);
            String post = "post-" + UUID.randomUUID();
            upload(file, post); // warm-up: classes, pools, buffers

            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            long baseline = usedAfterGc(heap);
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            upload(file, post);
            long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            long retained = usedAfterGc(heap) - baseline;

            String report = String.format("HEAP-MEASUREMENT file %.1f MiB: peak heap above baseline %.1f MiB "
                            + "(an upper bound: the test JVM's large young generation holds the upload's short-lived buffers until "
                            + "a GC), retained after GC %.1f MiB; see src/test/bench/upload-heap.sh for a small fixed heap",
                    size / (double) MIB, (peak - baseline) / (double) MIB, retained / (double) MIB);
            LOG.info(report);
            System.out.println(report);
            assertTrue(retained < size / 2, "the upload must not stay in memory: " + report);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void upload(Path file, String post) {
        given().auth().oauth2(TestTokens.admin()).multiPart("file", file.toFile(), "image/png")
                .post("/api/posts/{post}/images", post).then().statusCode(201);
    }

    private static long usedAfterGc(List<MemoryPoolMXBean> heap) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }
}
