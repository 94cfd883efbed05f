package io.blogimages.auth.login;

import io.blogimages.auth.AuthConfig;
import io.blogimages.auth.token.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a browser or script that once
 * logged in to an account carries a signed cookie naming that account, and its failed logins are counted for that
 * device alone. Strangers guessing the password share the account's budget and get locked out; the owner's
 * device does not wait for them.
 *
 * <p>Value: {@code base64url(username).nonce.expiresEpochSeconds.base64url(HMAC-SHA256)}. The nonce (128 random
 * bits) names the device in the failure counts. Stateless, so every replica accepts the cookie of any other: they
 * share the key (configured, or derived from the shared signing key).
 */
@ApplicationScoped
public class DeviceCookies {

    /** {@code __Host-}: the browser keeps it only if Secure, Path=/ and without Domain, so no subdomain can plant one. */
    public static final String NAME = "__Host-device";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

    /** Per instance, not static: a SecureRandom must not end up in the native image heap. */
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;
    private final Duration lifetime;
    private final boolean secure;
    private final Clock clock;

    public DeviceCookies(AuthConfig config, SigningKeys keys, Clock clock) {
        byte[] secret = config.login().deviceCookieKey()
                .map(configured -> {
                    if (configured.length() < 32) {
                        throw new IllegalStateException("auth.login.device-cookie-key must be at least 32 characters");
                    }
                    return configured.getBytes(StandardCharsets.UTF_8);
                })
                .orElseGet(() -> keys.derivedSecret("blog-images device cookie v1"));
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.lifetime = config.login().deviceCookieLifetime();
        this.secure = config.token().cookieSecure();
        this.clock = clock;
    }

    /** A new device cookie for a user who just logged in. */
    public NewCookie issue(String username) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String payload = B64.encodeToString(username.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(nonce)
                + "." + clock.instant().plus(lifetime).getEpochSecond();
        return new NewCookie.Builder(NAME)
                .value(payload + "." + B64.encodeToString(sign(payload)))
                .path("/")
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds()))
                .build();
    }

    /**
     * The device named by a cookie when it is genuine, unexpired and issued for this account (normalized
     * username); otherwise empty, and the client counts as untrusted.
     */
    public Optional<String> deviceOf(String cookie, String username) {
        if (cookie == null || username == null) {
            return Optional.empty();
        }
        String[] parts = cookie.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            String payload = parts[0] + "." + parts[1] + "." + parts[2];
            if (!MessageDigest.isEqual(sign(payload), B64_DECODE.decode(parts[3]))) {
                return Optional.empty();
            }
            boolean forThisAccount = new String(B64_DECODE.decode(parts[0]), StandardCharsets.UTF_8).equals(username);
            boolean current = clock.instant().isBefore(Instant.ofEpochSecond(Long.parseLong(parts[2])));
            return forThisAccount && current ? Optional.of(parts[1]) : Optional.empty();
        } catch (IllegalArgumentException malformed) { // bad base64 or number
            return Optional.empty();
        }
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
