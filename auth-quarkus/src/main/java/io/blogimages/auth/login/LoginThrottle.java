package io.blogimages.auth.login;

import io.blogimages.auth.AuthConfig;
import io.blogimages.auth.api.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brute-force protection: failed logins counted in fixed windows, in PostgreSQL so every replica sees the same
 * counts. Once a key reaches its limit, logins for it get 429 with {@code Retry-After} until its window ends; never
 * a permanent lockout.
 *
 * <p>Every login counts against its client IP (the hard limit). Beyond that, a login from a trusted device (a valid
 * device cookie of that account, {@link DeviceCookies}) counts against that device only, and one without counts
 * against the account, a budget all untrusted clients share. So strangers who exhaust the account's budget lock
 * out only themselves; the owner's device keeps its own. A success resets the budget it was counted against.
 */
@ApplicationScoped
public class LoginThrottle {

    private final EntityManager em;
    private final AuthConfig.Login config;
    private final Clock clock;

    public LoginThrottle(EntityManager em, AuthConfig config, Clock clock) {
        this.em = em;
        this.config = config.login();
        this.clock = clock;
    }

    /**
     * Refuses with 429 while the account or the client IP is over its limit. Joins the caller's transaction if
     * there is one (the login reads the user in the same one), else runs in its own.
     *
     * @return whether the account has failures on record, i.e. whether a success has anything to reset
     */
    public boolean checkAllowed(String username, String clientIp, Optional<String> device) {
        Instant now = clock.instant();
        Blocked blocked = QuarkusTransaction.joiningExisting().call(() -> {
            Blocked subject = blockedFor(subjectKey(username, device), subjectLimit(device), now);
            Blocked ip = blockedFor(ipKey(clientIp), config.maxFailuresPerIp(), now);
            return new Blocked(subject.retryIn.compareTo(ip.retryIn) >= 0 ? subject.retryIn : ip.retryIn, subject.onRecord);
        });
        Duration wait = blocked.retryIn;
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new ApiException(429, "too-many-login-failures", "Too many failed logins",
                    "Too many failed logins for this account, device or address; try again in " + seconds + " s.",
                    Map.of("Retry-After", Long.toString(seconds)));
        }
        return blocked.onRecord;
    }

    /** How long a key is blocked for, and whether it has a row at all. */
    private record Blocked(Duration retryIn, boolean onRecord) {
    }

    /** Counts a failure against the device (or, untrusted, the account) and the client IP, atomically per key. */
    public void recordFailure(String username, String clientIp, Optional<String> device) {
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            increment(subjectKey(username, device), now);
            increment(ipKey(clientIp), now);
        });
    }

    /**
     * Resets what the login was counted against. A trusted device's success leaves the account's count alone: the
     * owner logging in must not hand the strangers a fresh budget.
     */
    public void recordSuccess(String username, Optional<String> device) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM login_failures WHERE key = ?1")
                .setParameter(1, subjectKey(username, device)).executeUpdate());
    }

    private static String subjectKey(String username, Optional<String> device) {
        return device.map(LoginThrottle::deviceKey).orElseGet(() -> accountKey(username));
    }

    private int subjectLimit(Optional<String> device) {
        return device.isPresent() ? config.maxFailuresPerDevice() : config.maxFailuresPerAccount();
    }

    /** Forgets windows that have ended. */
    public int purge() {
        Instant cutoff = clock.instant().minus(config.failureWindow());
        return QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("DELETE FROM login_failures WHERE window_start < ?1")
                .setParameter(1, Timestamp.from(cutoff)).executeUpdate());
    }

    private Blocked blockedFor(String key, int limit, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT window_start, failures FROM login_failures WHERE key = ?1")
                .setParameter(1, key).getResultList();
        if (rows.isEmpty()) {
            return new Blocked(Duration.ZERO, false);
        }
        Instant windowEnd = toInstant(rows.getFirst()[0]).plus(config.failureWindow());
        int failures = ((Number) rows.getFirst()[1]).intValue();
        if (failures < limit || !now.isBefore(windowEnd)) {
            return new Blocked(Duration.ZERO, true);
        }
        return new Blocked(Duration.between(now, windowEnd), true);
    }

    /** One statement, so concurrent failures on any replica never lose a count. */
    private void increment(String key, Instant now) {
        em.createNativeQuery("""
                INSERT INTO login_failures (key, window_start, failures) VALUES (?1, ?2, 1)
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN login_failures.window_start <= ?3 THEN 1 ELSE login_failures.failures + 1 END,
                    window_start = CASE WHEN login_failures.window_start <= ?3 THEN ?2 ELSE login_failures.window_start END
                """)
                .setParameter(1, key)
                .setParameter(2, Timestamp.from(now))
                .setParameter(3, Timestamp.from(now.minus(config.failureWindow())))
                .executeUpdate();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    static String accountKey(String username) {
        return "account:" + username.toLowerCase(java.util.Locale.ROOT);
    }

    static String deviceKey(String device) {
        return "device:" + device;
    }

    static String ipKey(String ip) {
        return "ip:" + ip;
    }
}
