package io.blogimages.image.cleanup;

import io.blogimages.image.image.ImageService;
import io.blogimages.image.storage.ObjectStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares the bucket with the table, both ways, and optionally repairs: objects nobody references are
 * deleted (through the pending-deletion queue), rows whose object is gone are removed. Objects younger than the
 * grace period are left alone, since an upload writes objects before rows.
 *
 * <p>Holds every key of the table and the bucket in memory: fine for the tens of thousands of images of a blog;
 * a much larger bucket would want S3 Inventory instead.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final ObjectStore store;
    private final EntityManager em;
    private final ObjectDeletions deletions;
    private final ImageService images;
    private final CleanupConfig config;

    public Reconciler(ObjectStore store, EntityManager em, ObjectDeletions deletions, ImageService images,
                      CleanupConfig config) {
        this.store = store;
        this.em = em;
        this.deletions = deletions;
        this.images = images;
        this.config = config;
    }

    @Scheduled(every = "${image.cleanup.reconcile-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "reconciliation")
    void scheduled() {
        try {
            ReconciliationReport report = reconcile(config.reconcileRepairsOnSchedule());
            if (report.clean()) {
                LOG.infof("reconciliation: bucket and table agree (%d objects, %d rows, %d deletions pending)",
                        report.objectsScanned(), report.rowsScanned(), report.pendingDeletions());
            } else {
                LOG.warnf("reconciliation: %d orphan object(s), %d row(s) without object, %d missing thumbnail(s)%s",
                        report.orphanObjects().size(), report.rowsWithoutObject().size(),
                        report.missingThumbnails().size(), report.repaired() ? ", repaired" : " (not repaired)");
            }
        } catch (RuntimeException e) {
            LOG.warnf("reconciliation skipped: %s", e.getMessage());
        }
    }

    public ReconciliationReport reconcile(boolean repair) {
        Instant started = Instant.now();
        Instant graceLimit = started.minus(config.orphanGrace());

        // Rows first, objects second: a row committed in between has its objects already in the bucket.
        Set<String> rowKeys = new HashSet<>(QuarkusTransaction.requiringNew().call(() ->
                em.createQuery("select i.objectKey from Image i", String.class).getResultList()));
        Set<String> pending = new HashSet<>(QuarkusTransaction.requiringNew().call(() ->
                em.createQuery("select p.objectKey from PendingDeletion p", String.class).getResultList()));

        Set<String> objectKeys = new HashSet<>();
        List<String> orphanObjects = new ArrayList<>();
        long[] scanned = {0};
        store.forEachObject(object -> {
            scanned[0]++;
            objectKeys.add(object.key());
            String imageKey = object.key().startsWith(ObjectStore.THUMBNAIL_PREFIX)
                    ? object.key().substring(ObjectStore.THUMBNAIL_PREFIX.length())
                    : object.key();
            boolean young = object.lastModified() != null && object.lastModified().isAfter(graceLimit);
            if (!rowKeys.contains(imageKey) && !pending.contains(object.key()) && !young) {
                orphanObjects.add(object.key());
            }
        });
        List<String> rowsWithoutObject = rowKeys.stream().filter(key -> !objectKeys.contains(key)).sorted().toList();
        List<String> missingThumbnails = rowKeys.stream()
                .filter(key -> objectKeys.contains(key) && !objectKeys.contains(ObjectStore.thumbnailKey(key)))
                .sorted().toList();
        orphanObjects.sort(null);

        if (repair) {
            if (!orphanObjects.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> deletions.record(orphanObjects, "reconciliation"));
                deletions.deleteRecorded(orphanObjects);
            }
            images.deleteRowsWithoutObjects(rowsWithoutObject);
        }
        ReconciliationReport report = new ReconciliationReport(started, repair, scanned[0], rowKeys.size(),
                orphanObjects, rowsWithoutObject, missingThumbnails, deletions.pendingCount());
        LOG.infof("reconciliation%s: %d objects, %d rows; %d orphan object(s), %d row(s) without object, "
                        + "%d missing thumbnail(s)", repair ? " with repair" : "", report.objectsScanned(),
                report.rowsScanned(), orphanObjects.size(), rowsWithoutObject.size(), missingThumbnails.size());
        return report;
    }
}
