package io.blogimages.auth.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The refresh tokens descended from one login. */
@Entity
@Table(name = "refresh_families")
public class RefreshFamily extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** {@link ClientMode#value()}: how this login's tokens are handed out. */
    @Column(name = "client", nullable = false, length = 16)
    public String client = ClientMode.API.value();

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_reason", length = 32)
    public String revokedReason;

    public ClientMode mode() {
        return ClientMode.of(client);
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
