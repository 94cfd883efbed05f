package io.blogimages.auth.user;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same black-box checks against the packaged application (jar here, native executable with -Pnative). */
@QuarkusIntegrationTest
class SignupIT extends SignupTest {
}
