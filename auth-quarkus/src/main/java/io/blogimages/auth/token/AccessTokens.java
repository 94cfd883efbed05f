package io.blogimages.auth.token;

import io.blogimages.auth.AuthConfig;
import io.blogimages.auth.user.User;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Issues signed access tokens (JWT, RS256, {@code kid} of the signing key). */
@ApplicationScoped
public class AccessTokens {

    private final SigningKeys keys;
    private final AuthConfig.Token config;
    private final Clock clock;

    public AccessTokens(SigningKeys keys, AuthConfig config, Clock clock) {
        this.keys = keys;
        this.config = config.token();
        this.clock = clock;
    }

    public String issue(User user) {
        Instant now = clock.instant();
        return Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(user.id.toString())
                .upn(user.username)
                .groups(user.roles)
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.plus(config.accessLifetime()).getEpochSecond())
                .claim("jti", UUID.randomUUID().toString())
                .jws()
                .keyId(keys.signingKid())
                .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
                .sign(keys.signingKey());
    }

    public long lifetimeSeconds() {
        return config.accessLifetime().toSeconds();
    }
}
