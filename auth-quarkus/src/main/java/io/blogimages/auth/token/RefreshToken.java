package io.blogimages.auth.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One refresh token, known only by its SHA-256. */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "family_id", nullable = false)
    public RefreshFamily family;

    @Column(name = "token_hash", nullable = false, unique = true)
    public byte[] tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** When a refresh exchanged it for its successor. */
    @Column(name = "spent_at")
    public Instant spentAt;

    /**
     * The token with this hash, its row locked until the transaction ends: two refreshes presenting the same
     * token are served one after the other, so only one of them can find it unspent.
     */
    public static Optional<RefreshToken> findByHashForUpdate(byte[] hash) {
        return find("tokenHash", (Object) hash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public static Optional<RefreshToken> findByHash(byte[] hash) {
        return find("tokenHash", (Object) hash).firstResultOptional();
    }
}
