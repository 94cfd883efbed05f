package io.blogimages.image.image;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same contract checks against the packaged application (jar here, native executable with -Pnative). */
@QuarkusIntegrationTest
class ImageResourceIT extends ImageResourceTest {
}
