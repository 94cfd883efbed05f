package io.blogimages.auth.password;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import io.blogimages.auth.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashes. A hash string ({@code $2b$12$...}) records its algorithm version and cost, so a hash
 * made with a lower cost than configured is recognised and replaced at the next successful login.
 *
 * <p>bcrypt reads at most 72 bytes; longer passwords (up to the 128 characters allowed) are first reduced with
 * SHA-512 so that every character counts.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;

    private final BCrypt.Hasher hasher = BCrypt.with(VERSION, LongPasswordStrategies.hashSha512(VERSION));
    private final BCrypt.Verifyer verifyer = BCrypt.verifyer(VERSION, LongPasswordStrategies.hashSha512(VERSION));
    private final int cost;
    /** Verified against when the username is unknown, so that case costs the same time as a wrong password. */
    private final String dummyHash;

    public PasswordHasher(AuthConfig config) {
        this.cost = config.password().bcryptCost();
        this.dummyHash = hash("no-such-user-" + System.nanoTime());
    }

    public String hash(String password) {
        return new String(hasher.hash(cost, bytes(password)), StandardCharsets.UTF_8);
    }

    /**
     * Checks a password (bcrypt compares in constant time) and tells whether its hash should be replaced: made
     * with another algorithm version or a lower cost than configured now.
     */
    public Verification verify(String password, String hash) {
        BCrypt.Result result = verifyer.verify(bytes(password), hash.getBytes(StandardCharsets.UTF_8));
        boolean outdated = result.validFormat
                && (result.details.cost < cost || !result.details.version.equals(VERSION));
        return new Verification(result.verified, result.verified && outdated);
    }

    /** Spends the time of one verification, for an unknown user. Never verified. */
    public Verification verifyAgainstDummy(String password) {
        verify(password, dummyHash);
        return new Verification(false, false);
    }

    public record Verification(boolean verified, boolean needsUpgrade) {
    }

    public int cost() {
        return cost;
    }

    private static byte[] bytes(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }
}
