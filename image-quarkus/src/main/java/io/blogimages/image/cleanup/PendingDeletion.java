package io.blogimages.image.cleanup;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An S3 object that must be deleted; the row goes once S3 confirms the deletion. */
@Entity
@Table(name = "pending_deletions")
public class PendingDeletion extends PanacheEntityBase {

    @Id
    @Column(name = "object_key", length = 128)
    public String objectKey;

    @Column(nullable = false, length = 32)
    public String reason;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_error", length = 500)
    public String lastError;
}
