package io.blogimages.image.image;

import io.blogimages.image.api.ApiException;
import io.blogimages.image.cleanup.ObjectDeletions;
import io.blogimages.image.storage.ObjectStore;
import io.blogimages.image.upload.CheckedImage;
import io.blogimages.image.upload.ImageProcessor;
import io.blogimages.image.upload.ProcessedImage;
import io.blogimages.image.upload.UploadConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The images of posts: bytes in S3, rows in PostgreSQL, kept consistent.
 *
 * <p>Uploads check every file before writing anything, write the objects, then commit all rows in one
 * transaction; any failure deletes what was written (or records it for the retry job). Deletions remove rows
 * and record the object keys in one transaction, and delete the objects after the commit. Every change to a
 * post's images holds a transaction-scoped advisory lock on the post, so positions and the single thumbnail
 * stay right under concurrency (the unique indexes of V1 are the last line of defence).
 */
@ApplicationScoped
public class ImageService {

    private static final Logger LOG = Logger.getLogger(ImageService.class);
    /**
     * Per instance, not static: a static SecureRandom would be created while the native image is built (Quarkus
     * initialises classes at build time) and GraalVM refuses Random instances in the image heap.
     */
    private final SecureRandom random = new SecureRandom();

    /** A file part of a multipart upload, spooled to disk, with the hex SHA-256 of its bytes. */
    public record Upload(Path file, String filename, String sha256) {
    }

    private final EntityManager em;
    private final ObjectStore store;
    private final ObjectDeletions deletions;
    private final ImageProcessor processor;
    private final UploadConfig config;

    public ImageService(EntityManager em, ObjectStore store, ObjectDeletions deletions, ImageProcessor processor,
                        UploadConfig config) {
        this.em = em;
        this.store = store;
        this.deletions = deletions;
        this.processor = processor;
        this.config = config;
    }

    /** Stores the uploads as images of the post, in order; all of them or none. */
    public List<Image> upload(String postId, List<Upload> uploads) {
        if (uploads.isEmpty()) {
            throw ApiException.badRequest("file", "at least one multipart part named 'file' carrying a file is required");
        }
        if (uploads.size() > config.maxFiles()) {
            throw ApiException.badRequest("file", "at most " + config.maxFiles() + " files per request, got " + uploads.size());
        }
        long started = System.nanoTime();
        Path workDir = createWorkDir(uploads.getFirst().file());
        List<String> written = new ArrayList<>();
        ObjectStore.PendingPut pending = null;
        try {
            // Every file's size, type and header are checked before the first byte goes to S3: a file that is too
            // large, of the wrong type or an image bomb costs no writes at all.
            List<CheckedImage> checked = new ArrayList<>();
            for (int i = 0; i < uploads.size(); i++) {
                Upload upload = uploads.get(i);
                checked.add(processor.check(upload.file(), upload.filename(), upload.sha256(), workDir,
                        "file " + (i + 1) + describe(upload.filename())));
            }
            long checkedAt = System.nanoTime();
            // Then, file by file, the original travels to S3 while it is decoded for its thumbnail: the two
            // slowest steps of a large upload overlap. A file that fails to decode has its original deleted
            // again with the rest (written lists every key whose put has started).
            List<Image> images = new ArrayList<>();
            for (CheckedImage image : checked) {
                String key = newKey(image.type().extension());
                written.add(key);
                pending = store.putInBackground(key, image.file(), image.type().contentType());
                ProcessedImage processed = processor.thumbnail(image, workDir);
                String thumbnailKey = ObjectStore.thumbnailKey(key);
                written.add(thumbnailKey);
                store.put(thumbnailKey, processed.thumbnailFile(), processed.thumbnailContentType());
                pending.await();
                pending = null;
                images.add(newImage(postId, key, processed));
            }
            long storedAt = System.nanoTime();
            List<Image> stored = QuarkusTransaction.requiringNew().call(() -> register(postId, images));
            LOG.infof("post %s: stored %d image(s) %s (%d bytes; checked in %d ms, decoded and stored in %d ms, "
                            + "registered in %d ms)", postId, stored.size(), stored.stream().map(i -> i.objectKey).toList(),
                    stored.stream().mapToLong(i -> i.size).sum(), millis(started, checkedAt),
                    millis(checkedAt, storedAt), millis(storedAt, System.nanoTime()));
            return stored;
        } catch (IOException e) {
            undo(pending, written);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            undo(pending, written);
            throw e;
        } finally {
            deleteRecursively(workDir);
        }
    }

    /** A failed upload: the put still running ends first, then every object written or started is removed. */
    private void undo(ObjectStore.PendingPut pending, List<String> written) {
        if (pending != null) {
            pending.abandon();
        }
        deletions.compensate(written);
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private List<Image> register(String postId, List<Image> images) {
        lockPost(postId);
        Integer max = em.createQuery("select max(i.position) from Image i where i.postId = :post", Integer.class)
                .setParameter("post", postId)
                .getSingleResult();
        boolean hasThumbnail = Image.count("postId = ?1 and thumbnail = true", postId) > 0;
        int position = max == null ? 0 : max + 1;
        for (Image image : images) {
            image.position = position++;
            image.thumbnail = !hasThumbnail;
            hasThumbnail = true;
            image.persist();
        }
        em.flush();
        return images;
    }

    public List<Image> list(String postId) {
        return QuarkusTransaction.requiringNew().call(() -> Image.listByPost(postId));
    }

    public Optional<Image> find(String key) {
        return QuarkusTransaction.requiringNew().call(() -> Image.findByKey(key));
    }

    public Optional<Image> thumbnailOf(String postId) {
        return QuarkusTransaction.requiringNew().call(() ->
                Image.<Image>find("postId = ?1 and thumbnail = true", postId).firstResultOptional());
    }

    /** Makes the image with this key the post's only thumbnail. */
    public Image setThumbnail(String postId, String key) {
        return QuarkusTransaction.requiringNew().call(() -> {
            lockPost(postId);
            Image chosen = Image.<Image>find("postId = ?1 and objectKey = ?2", postId, key).firstResultOptional()
                    .orElseThrow(() -> ApiException.notFound("post " + postId + " has no image with key " + key));
            if (!chosen.thumbnail) {
                // Clear first and flush: the partial unique index allows one thumbnail at any moment.
                em.createQuery("update Image i set i.thumbnail = false where i.postId = :post and i.thumbnail = true")
                        .setParameter("post", postId)
                        .executeUpdate();
                chosen.thumbnail = true;
                em.flush();
            }
            return chosen;
        });
    }

    /** Deletes one image; false if there is none with this key. */
    public boolean delete(String key) {
        Optional<Image> found = find(key);
        if (found.isEmpty()) {
            return false;
        }
        String postId = found.get().postId;
        List<String> keys = QuarkusTransaction.requiringNew().call(() -> {
            lockPost(postId);
            Optional<Image> image = Image.findByKey(key);
            if (image.isEmpty()) {
                return List.<String>of();
            }
            List<String> objectKeys = List.of(key, ObjectStore.thumbnailKey(key));
            image.get().delete();
            deletions.record(objectKeys, "image-deleted");
            em.flush();
            if (image.get().thumbnail) {
                promoteFirst(postId);
            }
            return objectKeys;
        });
        LOG.infof("post %s: deleted image %s", postId, key);
        deletions.deleteRecorded(keys);
        return !keys.isEmpty();
    }

    /** Deletes every image of the post (nothing to do for an unknown post). */
    public void deletePost(String postId) {
        List<String> keys = QuarkusTransaction.requiringNew().call(() -> {
            lockPost(postId);
            List<String> objectKeys = new ArrayList<>();
            for (Image image : Image.listByPost(postId)) {
                objectKeys.add(image.objectKey);
                objectKeys.add(ObjectStore.thumbnailKey(image.objectKey));
                image.delete();
            }
            deletions.record(objectKeys, "post-deleted");
            return objectKeys;
        });
        LOG.infof("post %s: deleted all %d image(s)", postId, keys.size() / 2);
        deletions.deleteRecorded(keys);
    }

    /** Removes rows whose original object is gone (reconciliation); their thumbnails go too. */
    public void deleteRowsWithoutObjects(List<String> keys) {
        for (String key : keys) {
            Optional<Image> found = find(key);
            if (found.isEmpty()) {
                continue;
            }
            String postId = found.get().postId;
            List<String> objectKeys = QuarkusTransaction.requiringNew().call(() -> {
                lockPost(postId);
                Optional<Image> image = Image.findByKey(key);
                if (image.isEmpty()) {
                    return List.<String>of();
                }
                image.get().delete();
                deletions.record(List.of(ObjectStore.thumbnailKey(key)), "reconciliation");
                em.flush();
                if (image.get().thumbnail) {
                    promoteFirst(postId);
                }
                return List.of(ObjectStore.thumbnailKey(key));
            });
            deletions.deleteRecorded(objectKeys);
        }
    }

    private void promoteFirst(String postId) {
        Image.listByPost(postId).stream()
                .min(Comparator.comparingInt(i -> i.position))
                .ifPresent(next -> next.thumbnail = true);
    }

    /** Serialises changes to one post's images across transactions, connections and replicas. */
    private void lockPost(String postId) {
        em.createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) AS locked")
                .setParameter(1, postId)
                .getSingleResult();
    }

    private static Image newImage(String postId, String key, ProcessedImage processed) {
        Image image = new Image();
        image.id = UUID.randomUUID();
        image.postId = postId;
        image.objectKey = key;
        image.originalFilename = processed.originalFilename();
        image.contentType = processed.type().contentType();
        image.size = processed.size();
        image.width = processed.width();
        image.height = processed.height();
        image.sha256 = processed.sha256();
        image.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return image;
    }

    /** 128 random bits, URL-safe, plus the extension of the detected type; never derived from the client. */
    String newKey(String extension) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "." + extension;
    }

    private static String describe(String filename) {
        String safe = io.blogimages.image.upload.Filenames.sanitize(filename);
        return safe == null ? "" : " (" + safe + ")";
    }

    /** Working files live next to the spooled uploads, on the volume sized for them. */
    private static Path createWorkDir(Path spooledUpload) {
        try {
            Path parent = spooledUpload.toAbsolutePath().getParent();
            return Files.createTempDirectory(parent, "processing-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a working directory for the upload", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warnf("could not delete temporary file %s", path);
                }
            });
        } catch (IOException e) {
            LOG.warnf("could not clean up %s", directory);
        }
    }
}
