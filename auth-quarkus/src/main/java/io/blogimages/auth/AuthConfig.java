package io.blogimages.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything the auth service is configured with, under {@code auth.*} (env {@code AUTH_...}). */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    Token token();

    Signing signing();

    Password password();

    Login login();

    /** The admin created at start if missing (env AUTH_BOOTSTRAP_ADMIN_USERNAME / _PASSWORD). */
    BootstrapAdmin bootstrapAdmin();

    interface Token {
        /** {@code iss} of issued access tokens; verifiers must expect the same. */
        @WithDefault("blog-images-auth")
        String issuer();

        /** {@code aud} of issued access tokens. */
        @WithDefault("blog-images")
        String audience();

        @WithDefault("15M")
        Duration accessLifetime();

        @WithDefault("14D")
        Duration refreshLifetime();

        /**
         * How long a just-spent refresh token may be presented again and still be honoured (two tabs
         * refreshing at once). After it, presenting it revokes its whole login (reuse detection).
         */
        @WithDefault("10S")
        Duration refreshReuseGrace();

        /**
         * The longest a login (a refresh family) lives, however often it is refreshed: no refresh past this age
         * from the original login, and every refresh token expires by then at the latest.
         */
        @WithDefault("30D")
        Duration loginMaxLifetime();

        /** {@code Secure} on the refresh cookie. Only a plain-HTTP local setup would switch it off. */
        @WithDefault("true")
        boolean cookieSecure();
    }

    interface Signing {
        /** PEM file with the private key that signs (PKCS#8 RSA); in Kubernetes a mounted Secret. */
        Path keyLocation();

        /**
         * Create a new RSA key pair at {@link #keyLocation()} when it does not exist. For local runs and tests
         * only: in production a missing key stops the service at start.
         */
        @WithDefault("false")
        boolean generateIfMissing();

        /**
         * PEM files with public (or private) keys that are published in the JWKS beside the signing key but do
         * not sign: the previous key during a rotation, or the next one before it takes over.
         */
        Optional<List<Path>> publishedKeyLocations();

        /**
         * {@code Cache-Control: max-age} of the JWKS. Verifiers (the image service's smallrye-jwt) keep the keys
         * this long before they ask again, and refetch sooner when a token names an unknown kid.
         */
        @WithDefault("5M")
        Duration jwksMaxAge();
    }

    interface Password {
        /** bcrypt cost (log2 rounds). Raising it upgrades each stored hash at its user's next login. */
        @WithDefault("11")
        int bcryptCost();
    }

    interface Login {
        /** Failed logins of one account within the window before it gets 429. */
        @WithDefault("5")
        int maxFailuresPerAccount();

        /**
         * Failed logins within the window from one trusted device (a valid device cookie of that account) before
         * that device gets 429. Such a device does not count against, nor wait for, the account's limit, which
         * only untrusted clients share: strangers cannot lock the owner out.
         */
        @WithDefault("5")
        int maxFailuresPerDevice();

        /** How long a device cookie, set at each successful login, keeps the device trusted. */
        @WithDefault("90D")
        Duration deviceCookieLifetime();

        /**
         * The HMAC key of device cookies (at least 32 characters), the same on every replica. Unset: derived from
         * the signing key, which every replica holds anyway.
         */
        Optional<String> deviceCookieKey();

        /** Failed logins from one client IP within the window before it gets 429. */
        @WithDefault("20")
        int maxFailuresPerIp();

        @WithDefault("15M")
        Duration failureWindow();
    }

    interface BootstrapAdmin {
        Optional<String> username();

        Optional<String> password();
    }
}
