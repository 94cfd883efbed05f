package io.blogimages.auth.token;

import io.blogimages.auth.login.LoginThrottle;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes expired refresh tokens, empty families and ended login-failure windows. */
@ApplicationScoped
public class TokenPurgeJob {

    private static final Logger LOG = Logger.getLogger(TokenPurgeJob.class);

    private final RefreshTokens refreshTokens;
    private final LoginThrottle throttle;

    public TokenPurgeJob(RefreshTokens refreshTokens, LoginThrottle throttle) {
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
    }

    // Every replica may run it: the deletes are idempotent and cheap on the indexed expiry columns.
    @Scheduled(every = "${auth.purge.every:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        long tokens = refreshTokens.purge();
        int failures = throttle.purge();
        LOG.infof("purged %d expired refresh token row(s)/families and %d ended login-failure window(s)", tokens, failures);
    }
}
