package io.blogimages.image.cleanup;

import io.blogimages.image.api.ServiceUnavailableException;
import io.blogimages.image.storage.ObjectStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Makes S3 objects go away, even when S3 is not there right now. Keys are first recorded in
 * {@code pending_deletions} (by the caller's transaction, together with the row removal), then deleted with
 * batched DeleteObjects; each row is removed once S3 confirms. What fails stays and is retried on a schedule.
 */
@ApplicationScoped
public class ObjectDeletions {

    private static final Logger LOG = Logger.getLogger(ObjectDeletions.class);

    private final ObjectStore store;
    private final EntityManager em;

    public ObjectDeletions(ObjectStore store, EntityManager em) {
        this.store = store;
        this.em = em;
    }

    /** Records keys to delete; must run inside the transaction that makes them unreferenced. */
    public void record(Collection<String> keys, String reason) {
        Instant now = Instant.now();
        for (String key : keys) {
            if (em.find(PendingDeletion.class, key) == null) {
                PendingDeletion pending = new PendingDeletion();
                pending.objectKey = key;
                pending.reason = reason;
                pending.createdAt = now;
                em.persist(pending);
            }
        }
    }

    /**
     * Deletes recorded keys now (after the recording transaction committed). Never throws: whatever is not
     * confirmed stays recorded for {@link #retryPending()}.
     */
    public void deleteRecorded(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try {
            Set<String> failed = store.deleteAll(keys);
            QuarkusTransaction.requiringNew().run(() -> settle(keys, failed, "not deleted by S3"));
        } catch (ServiceUnavailableException e) {
            LOG.warnf("S3 unreachable, %d object deletion(s) left for the retry job", keys.size());
        } catch (RuntimeException e) {
            LOG.warnf(e, "%d object deletion(s) left for the retry job", keys.size());
        }
    }

    /**
     * Undoes the objects an upload wrote before it failed. If S3 cannot be reached they are recorded, so the
     * retry job removes them later; if the database is out of reach too, the keys are logged and the
     * reconciliation finds them as orphans.
     */
    public void compensate(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try {
            Set<String> failed = store.deleteAll(keys);
            if (failed.isEmpty()) {
                return;
            }
            QuarkusTransaction.requiringNew().run(() -> record(failed, "failed-upload"));
        } catch (RuntimeException deleteFailure) {
            try {
                QuarkusTransaction.requiringNew().run(() -> record(keys, "failed-upload"));
                LOG.warnf("could not remove the %d object(s) of a failed upload now; recorded for retry", keys.size());
            } catch (RuntimeException recordFailure) {
                LOG.errorf("could not remove or record the objects of a failed upload; reconciliation will find them: %s",
                        keys);
            }
        }
    }

    /** Retries every recorded deletion, 1000 keys per DeleteObjects call, until none is left or S3 fails. */
    @Scheduled(every = "${image.cleanup.retry-every}", delayed = "${image.cleanup.retry-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "pending-deletions")
    public void retryPending() {
        while (true) {
            List<String> batch;
            try {
                batch = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                                "select p.objectKey from PendingDeletion p order by p.createdAt, p.objectKey", String.class)
                        .setMaxResults(ObjectStore.DELETE_BATCH)
                        .getResultList());
            } catch (RuntimeException e) {
                LOG.debugf("pending deletions not readable now: %s", e.getMessage());
                return;
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                Set<String> failed = store.deleteAll(batch);
                QuarkusTransaction.requiringNew().run(() -> settle(batch, failed, "not deleted by S3"));
                LOG.infof("pending deletions: %d deleted, %d failed", batch.size() - failed.size(), failed.size());
                if (!failed.isEmpty()) {
                    return;
                }
            } catch (RuntimeException e) {
                String error = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.debugf("pending deletions wait for S3: %s", error);
                try {
                    QuarkusTransaction.requiringNew().run(() -> settle(batch, Set.copyOf(batch), error));
                } catch (RuntimeException ignored) {
                    // the database is away too; the next run tries again
                }
                return;
            }
        }
    }

    private void settle(List<String> keys, Set<String> failed, String error) {
        List<String> done = keys.stream().filter(key -> !failed.contains(key)).toList();
        if (!done.isEmpty()) {
            em.createQuery("delete from PendingDeletion p where p.objectKey in :keys")
                    .setParameter("keys", done)
                    .executeUpdate();
        }
        if (!failed.isEmpty()) {
            String message = error == null ? null : error.substring(0, Math.min(500, error.length()));
            em.createQuery("update PendingDeletion p set p.attempts = p.attempts + 1, p.lastError = :error "
                            + "where p.objectKey in :keys")
                    .setParameter("error", message)
                    .setParameter("keys", failed)
                    .executeUpdate();
        }
    }

    /** How many deletions wait (for reports and tests). */
    public long pendingCount() {
        return QuarkusTransaction.requiringNew().call(() -> PendingDeletion.count());
    }
}
