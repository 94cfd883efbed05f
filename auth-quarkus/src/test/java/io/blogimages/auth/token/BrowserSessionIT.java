package io.blogimages.auth.token;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same black-box checks against the packaged application (jar here, native executable with -Pnative). */
@QuarkusIntegrationTest
class BrowserSessionIT extends BrowserSessionTest {
}
