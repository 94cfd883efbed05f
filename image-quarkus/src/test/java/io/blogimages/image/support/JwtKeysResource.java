package io.blogimages.image.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.URL;
import java.util.Map;

/**
 * Points token verification at the test key set under src/test/resources/jwt (a stand-in for the auth
 * service's JWKS). A test resource rather than a %test property, so the packaged application under
 * {@code @QuarkusIntegrationTest} gets it too.
 */
public class JwtKeysResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        URL jwks = JwtKeysResource.class.getResource("/jwt/jwks.json");
        if (jwks == null) {
            throw new IllegalStateException("jwt/jwks.json missing from the test resources");
        }
        return Map.of("mp.jwt.verify.publickey.location", jwks.toString());
    }

    @Override
    public void stop() {
    }
}
