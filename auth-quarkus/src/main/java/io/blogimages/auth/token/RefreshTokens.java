package io.blogimages.auth.token;

import io.blogimages.auth.AuthConfig;
import io.blogimages.auth.api.ApiException;
import io.blogimages.auth.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Opaque refresh tokens (256 random bits, stored as SHA-256) in families, one family per login.
 *
 * <p>A refresh spends the presented token and issues its successor (rotation). A token presented again within
 * the grace window (two tabs refreshing at once) is honoured with a sibling in the same family; presented after
 * it, the token is taken as stolen and the whole family is revoked (reuse detection).
 *
 * <p>A grace-window sibling must not start a second chain that lives on beside the first and never meets reuse
 * detection (a thief who presents a just-spent token in time would otherwise keep a login of his own). So an
 * ordinary rotation spends every other unspent token of the family too: of two parallel chains, the first to
 * refresh again makes the other's token spent, and presenting that after the grace window revokes them all.
 *
 * <p>A family never outlives {@code auth.token.login-max-lifetime} from its login: no refresh after it, and no
 * token expires later.
 */
@ApplicationScoped
public class RefreshTokens {

    private static final Logger SECURITY = Logger.getLogger("io.blogimages.auth.security");
    /**
     * Per instance, not static: a static SecureRandom would be created while the native image is built (Quarkus
     * initialises classes at build time) and GraalVM refuses Random instances in the image heap.
     */
    private final SecureRandom random = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final AuthConfig.Token config;
    private final Clock clock;

    public RefreshTokens(AuthConfig config, Clock clock) {
        this.config = config.token();
        this.clock = clock;
    }

    /** The raw token (given to the client once), the user it belongs to, when it expires and how to hand it out. */
    public record Issued(String token, User user, Instant expiresAt, ClientMode mode) {
    }

    /** Starts a new family for a successful login. */
    @Transactional
    public Issued startFamily(User user, ClientMode mode) {
        RefreshFamily family = new RefreshFamily();
        family.id = UUID.randomUUID();
        family.userId = user.id;
        family.createdAt = clock.instant();
        family.client = mode.value();
        family.persist();
        return issueIn(family, user);
    }

    /**
     * Exchanges a refresh token for its successor. Unknown, expired or revoked tokens, and tokens of a disabled
     * or deleted user, are refused with 401.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Issued rotate(String presented) {
        Instant now = clock.instant();
        RefreshToken token = RefreshToken.findByHashForUpdate(hash(presented)).orElseThrow(RefreshTokens::invalid);
        RefreshFamily family = RefreshFamily.findById(token.family.id, LockModeType.PESSIMISTIC_WRITE);
        if (family.isRevoked() || !now.isBefore(token.expiresAt) || !now.isBefore(endOf(family))) {
            throw invalid();
        }
        User user = User.findById(family.userId);
        if (user == null || user.disabled) {
            revoke(family, "user-disabled", now);
            throw invalid();
        }
        if (token.spentAt != null) {
            Duration sinceSpent = Duration.between(token.spentAt, now);
            if (sinceSpent.compareTo(config.refreshReuseGrace()) > 0) {
                // Someone holds a token that was already exchanged: revoke everything descended from this login.
                revoke(family, "reuse-detected", now);
                SECURITY.warnf("event=REFRESH_REUSE_DETECTED user=%s family=%s spentSecondsAgo=%d: login revoked",
                        user.id, family.id, sinceSpent.toSeconds());
                throw invalid();
            }
            SECURITY.debugf("event=REFRESH_GRACE_REUSE user=%s family=%s", user.id, family.id);
        } else {
            token.spentAt = now;
            // Any sibling still unspent (from a grace-window refresh) is superseded: see the class comment.
            RefreshToken.update("spentAt = ?1 where family.id = ?2 and spentAt is null and id <> ?3",
                    now, family.id, token.id);
        }
        return issueIn(family, user);
    }

    /** Revokes the login the token belongs to, if it is known; unknown tokens are ignored (idempotent logout). */
    @Transactional
    public Optional<UUID> revokeFamilyOf(String presented, String reason) {
        return RefreshToken.findByHash(hash(presented)).map(token -> {
            RefreshFamily family = RefreshFamily.findById(token.family.id, LockModeType.PESSIMISTIC_WRITE);
            if (!family.isRevoked()) {
                revoke(family, reason, clock.instant());
            }
            return family.userId;
        });
    }

    /**
     * Deletes expired tokens, then families with no token left. A revoked family stays while any of its tokens
     * could still be presented, so that presenting one is recognised (and logged) rather than merely unknown.
     */
    @Transactional
    public long purge() {
        long tokens = RefreshToken.delete("expiresAt < ?1", clock.instant());
        long families = RefreshFamily.getEntityManager()
                .createQuery("delete from RefreshFamily f where not exists (select 1 from RefreshToken t where t.family = f)")
                .executeUpdate();
        return tokens + families;
    }

    /** The end of a login's life, whatever its refreshes. */
    private Instant endOf(RefreshFamily family) {
        return family.createdAt.plus(config.loginMaxLifetime());
    }

    private Issued issueIn(RefreshFamily family, User user) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String raw = BASE64URL.encodeToString(bytes);
        RefreshToken token = new RefreshToken();
        token.id = UUID.randomUUID();
        token.family = family;
        token.tokenHash = hash(raw);
        token.createdAt = clock.instant();
        Instant lifetimeEnd = token.createdAt.plus(config.refreshLifetime());
        token.expiresAt = lifetimeEnd.isBefore(endOf(family)) ? lifetimeEnd : endOf(family);
        token.persist();
        return new Issued(raw, user, token.expiresAt, family.mode());
    }

    private static void revoke(RefreshFamily family, String reason, Instant now) {
        family.revokedAt = now;
        family.revokedReason = reason;
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiException invalid() {
        return new ApiException(401, "invalid-refresh-token", "Invalid refresh token",
                "The refresh token is unknown, expired or revoked: log in again.");
    }
}
