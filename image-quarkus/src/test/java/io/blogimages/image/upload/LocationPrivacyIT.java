package io.blogimages.image.upload;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application (jar here, native executable with -Pnative). */
@QuarkusIntegrationTest
class LocationPrivacyIT extends LocationPrivacyTest {
}
