package io.blogimages.image.cleanup;

import java.time.Instant;
import java.util.List;

/**
 * The result of comparing the bucket with the table.
 *
 * @param orphanObjects     objects with no image row (older than the grace period), deleted when repairing
 * @param rowsWithoutObject image rows whose original object is missing, deleted when repairing
 * @param missingThumbnails image rows whose thumbnail copy is missing (reported; the original still serves)
 * @param pendingDeletions  deletions still waiting for S3
 */
public record ReconciliationReport(Instant checkedAt, boolean repaired, long objectsScanned, long rowsScanned,
                                   List<String> orphanObjects, List<String> rowsWithoutObject,
                                   List<String> missingThumbnails, long pendingDeletions) {

    public boolean clean() {
        return orphanObjects.isEmpty() && rowsWithoutObject.isEmpty() && missingThumbnails.isEmpty();
    }
}
