package io.blogimages.auth.user;

import io.blogimages.testsupport.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.blogimages.auth.AuthApi.signup;
import static io.blogimages.auth.AuthApi.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bootstrap admin, with names chosen by the test (not the environment's AUTH_BOOTSTRAP_ADMIN_USERNAME). */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class BootstrapAdminTest {

    @Inject
    BootstrapAdmin bootstrap;

    @Test
    void anExistingUserWithoutTheAdminRoleIsWarnedAboutAndNotPromoted() throws IOException {
        String name = uniqueName("squatter");
        signup(name, "first come password").then().statusCode(201);
        bootstrap.ensure(name, "bootstrap password");
        assertEquals(java.util.List.of(Role.USER), rolesOf(name));
        String warning = Files.readString(Path.of("target/auth-test.log")).lines()
                .filter(line -> line.contains("WARN") && line.contains("bootstrap admin '" + name + "'")).findFirst()
                .orElse(null);
        assertTrue(warning != null && warning.contains("does not have the admin role"), "warning: " + warning);
    }

    @Test
    void aMissingAdminIsCreatedAndAnExistingOneLeftAlone() {
        String name = uniqueName("bootstrapped");
        bootstrap.ensure(name, "bootstrap password");
        assertEquals(java.util.List.of(Role.ADMIN, Role.USER), rolesOf(name));
        bootstrap.ensure(name, "another password");
        assertEquals(java.util.List.of(Role.ADMIN, Role.USER), rolesOf(name));
    }

    private static java.util.List<String> rolesOf(String name) {
        return QuarkusTransaction.requiringNew().call(() -> User.findByUsername(name).orElseThrow().sortedRoles());
    }
}
