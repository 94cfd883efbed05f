package io.blogimages.image.storage;

import io.blogimages.image.api.ServiceUnavailableException;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The bucket, as the image service uses it: originals under their key, thumbnail copies under
 * {@code thumbnails/<key>}. Objects are immutable (a key is never reused), hence the year-long cache headers.
 * Connection failures surface as {@link ServiceUnavailableException} so callers answer 503.
 */
@ApplicationScoped
public class ObjectStore {

    public static final String THUMBNAIL_PREFIX = "thumbnails/";
    public static final String CACHE_CONTROL = "public, max-age=31536000, immutable";
    /** DeleteObjects takes at most 1000 keys per call. */
    public static final int DELETE_BATCH = 1000;
    private static final String DEPENDENCY = "object storage";
    /**
     * One more than the idle connections the JDK keeps per server ({@code http.maxConnections}, 5): when S3 closed
     * them all, the last attempt opens a fresh one. A stale connection fails at once, so the attempts cost nothing.
     */
    private static final int TRANSPORT_ATTEMPTS = 6;
    private static final Logger LOG = Logger.getLogger(ObjectStore.class);

    private final S3Client s3;
    private final String bucket;

    public ObjectStore(S3Client s3, StorageConfig config) {
        this.s3 = s3;
        this.bucket = config.bucket();
    }

    public static String thumbnailKey(String key) {
        return THUMBNAIL_PREFIX + key;
    }

    public void put(String key, Path file, String contentType) {
        guardRetrying(() -> s3.putObject(put -> put.bucket(bucket).key(key)
                .contentType(contentType)
                .cacheControl(CACHE_CONTROL), RequestBody.fromFile(file)));
    }

    /**
     * Starts {@link #put} on a virtual thread of its own, so that the caller can go on (decode the image) while
     * the bytes travel to S3.
     */
    public PendingPut putInBackground(String key, Path file, String contentType) {
        return new PendingPut(() -> put(key, file, contentType));
    }

    /**
     * A put running in the background. Exactly one of {@link #await()} or {@link #abandon()} is called, and both
     * return only once the put has ended: whoever then deletes the key cannot be overtaken by the upload.
     */
    public static final class PendingPut {
        private final Thread thread;
        private volatile RuntimeException failure;

        private PendingPut(Runnable put) {
            // The request's trace context goes along, so the S3 call stays a child of the upload's span.
            this.thread = Thread.ofVirtual().name("s3-put").start(Context.current().wrap(() -> {
                try {
                    put.run();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }));
        }

        /** Waits for the put; rethrows what it failed with. */
        public void await() {
            join();
            if (failure != null) {
                throw failure;
            }
        }

        /** Interrupts the put and waits until it has ended, whatever its outcome; the object may exist. */
        public void abandon() {
            thread.interrupt();
            join();
        }

        /** True once the put is over, whatever its outcome. */
        boolean ended() {
            return !thread.isAlive();
        }

        private void join() {
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the put must end before anyone goes on: wait, keep the flag
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Opens the object (or the byte range, e.g. {@code bytes=0-99}) as a stream straight from S3; the caller
     * closes it. A missing key is {@link software.amazon.awssdk.services.s3.model.NoSuchKeyException}.
     */
    public ResponseInputStream<GetObjectResponse> open(String key, String range) {
        return guardRetrying(() -> s3.getObject(get -> get.bucket(bucket).key(key).range(range)));
    }

    /**
     * Deletes the keys in batches; returns those S3 reported as not deleted. Missing keys count as deleted
     * (S3 semantics), which makes retries idempotent. Throws {@link ServiceUnavailableException} when S3 cannot
     * be reached at all.
     */
    public Set<String> deleteAll(List<String> keys) {
        Set<String> failed = new HashSet<>();
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build())
                    .toList();
            DeleteObjectsResponse response = guardRetrying(() -> s3.deleteObjects(delete -> delete.bucket(bucket)
                    .delete(Delete.builder().objects(batch).quiet(true).build())));
            response.errors().forEach(error -> failed.add(error.key()));
        }
        return failed;
    }

    /** Every object of the bucket, page by page (1000 a page), with its last-modified time. */
    public void forEachObject(Consumer<StoredObject> consumer) {
        guard(() -> {
            s3.listObjectsV2Paginator(list -> list.bucket(bucket)).contents()
                    .forEach((S3Object object) -> consumer.accept(new StoredObject(object.key(), object.lastModified())));
            return null;
        });
    }

    public record StoredObject(String key, Instant lastModified) {
    }

    /**
     * {@link #guard}, and up to {@value #TRANSPORT_ATTEMPTS} attempts when the connection fails before S3 answered.
     * The URL-connection HTTP client reports some such failures, typically a pooled keep-alive connection that the
     * server had already closed ("Unexpected end of file from server" when the request body is opened), as an
     * {@link UncheckedIOException}, which the SDK's retry policy does not see (aws-sdk-java-v2 #7347, fixed in SDK
     * 2.59; the Quarkus 3.31 platform brings 2.41). Each attempt takes another connection. Only for calls that
     * may be repeated: a put of the same bytes under the same key, a read, a delete.
     */
    private static <T> T guardRetrying(java.util.function.Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return guard(call);
            } catch (ServiceUnavailableException e) {
                // An interrupted call (an abandoned put) is over, not failed: never repeat it.
                boolean transport = e.getCause() instanceof UncheckedIOException;
                if (!transport || attempt == TRANSPORT_ATTEMPTS || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LOG.debugf("S3 connection failed before an answer (%s); attempt %d of %d",
                        e.getCause().getMessage(), attempt + 1, TRANSPORT_ATTEMPTS);
            }
        }
    }

    private static <T> T guard(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (S3Exception e) {
            if (e.statusCode() >= 500) {
                throw new ServiceUnavailableException(DEPENDENCY, e);
            }
            throw e; // an answer of S3 about the request itself (missing key, bad range): the caller decides
        } catch (SdkClientException | UncheckedIOException e) {
            // No answer at all (refused, reset, timed out): S3 is out of reach, whatever the exact transport error.
            throw new ServiceUnavailableException(DEPENDENCY, e);
        }
    }
}
