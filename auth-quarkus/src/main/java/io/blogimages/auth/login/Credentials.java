package io.blogimages.auth.login;

import io.blogimages.auth.api.ApiException;
import io.blogimages.auth.api.LogText;
import io.blogimages.auth.password.PasswordHasher;
import io.blogimages.auth.user.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Checks a username and password. Unknown users, wrong passwords and disabled accounts look the same from
 * outside: the same 401 body, and the same time (an unknown user is verified against a dummy hash).
 */
@ApplicationScoped
public class Credentials {

    private static final Logger SECURITY = Logger.getLogger("io.blogimages.auth.security");

    private final PasswordHasher hasher;
    private final LoginThrottle throttle;

    public Credentials(PasswordHasher hasher, LoginThrottle throttle) {
        this.hasher = hasher;
        this.throttle = throttle;
    }

    /**
     * @param device the caller's trusted device for this account ({@link DeviceCookies#deviceOf}), or empty for an
     *               untrusted client: decides which failure budget the attempt is counted against
     */
    public User authenticate(String username, String password, String clientIp, Optional<String> device) {
        String name = User.normalize(username);
        // The throttle check and the user lookup share one read transaction, and a success deletes the account's
        // failure record only when there is one: a login used to take four transactions (one of them a DELETE
        // of nothing), measurably more than the bcrypt check on top of it (bench/README.md, login).
        Lookup lookup = QuarkusTransaction.requiringNew().call(() -> {
            boolean failuresOnRecord = throttle.checkAllowed(name, clientIp, device);
            return new Lookup(failuresOnRecord, User.findByUsername(name).orElse(null));
        });
        User user = lookup.user();
        PasswordHasher.Verification check = user == null
                ? hasher.verifyAgainstDummy(password)
                : hasher.verify(password, user.passwordHash);
        if (!check.verified() || user.disabled) {
            throttle.recordFailure(name, clientIp, device);
            SECURITY.infof("event=LOGIN_FAILURE username=%s ip=%s device=%s reason=%s", LogText.escape(name),
                    LogText.escape(clientIp), device.isPresent() ? "trusted" : "untrusted",
                    user == null ? "unknown-user" : user.disabled && check.verified() ? "disabled" : "wrong-password");
            throw invalidCredentials();
        }
        if (lookup.failuresOnRecord()) {
            throttle.recordSuccess(name, device);
        }
        if (check.needsUpgrade()) {
            upgradeHash(user.id, password);
        }
        SECURITY.infof("event=LOGIN_SUCCESS user=%s username=%s ip=%s device=%s", user.id, LogText.escape(name),
                LogText.escape(clientIp), device.isPresent() ? "trusted" : "untrusted");
        return user;
    }

    /** Re-hashes with the configured cost now that the password is known to be right. */
    private void upgradeHash(java.util.UUID userId, String password) {
        String upgraded = hasher.hash(password);
        QuarkusTransaction.requiringNew().run(() -> {
            User fresh = User.findById(userId);
            fresh.passwordHash = upgraded;
        });
        SECURITY.infof("event=PASSWORD_HASH_UPGRADED user=%s cost=%d", userId, hasher.cost());
    }

    private record Lookup(boolean failuresOnRecord, User user) {
    }

    static ApiException invalidCredentials() {
        return new ApiException(401, "invalid-credentials", "Invalid credentials",
                "The username or password is wrong.");
    }
}
