package io.blogimages.auth.token;

import io.blogimages.auth.AuthConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import java.util.Set;

/**
 * How smallrye-jwt verifies the bearer tokens this service receives ({@code me}, the role endpoint): against
 * the same keys it publishes, with its own issuer and audience. Produced here rather than configured with
 * {@code mp.jwt.verify.*} because the keys are only known once {@link SigningKeys} has loaded them.
 */
public class TokenVerification {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTAuthContextInfo verification(SigningKeys keys, AuthConfig config) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setPublicKeyContent(keys.jwksJson());
        info.setIssuedBy(config.token().issuer());
        info.setExpectedAudience(Set.of(config.token().audience()));
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        info.setRequiredClaims(Set.of("exp", "iat", "sub", "jti"));
        return info;
    }
}
