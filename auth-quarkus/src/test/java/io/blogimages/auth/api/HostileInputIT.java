package io.blogimages.auth.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same generated checks against the packaged application (jar here, native executable with -Pnative). */
@QuarkusIntegrationTest
class HostileInputIT extends HostileInputTest {
}
