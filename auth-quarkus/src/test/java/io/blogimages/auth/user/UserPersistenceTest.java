package io.blogimages.auth.user;

import io.blogimages.testsupport.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes and reads accounts through Panache on a real PostgreSQL with the Flyway schema. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class UserPersistenceTest {

    @Test
    void storesAndFindsAUserCaseInsensitively() {
        UUID id = UUID.randomUUID();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> {
            User user = new User();
            user.id = id;
            user.username = User.normalize("Persisted.User-" + id.toString().substring(0, 8));
            user.passwordHash = "$2b$10$notarealhashbutlongenoughtolookliketheonesstored";
            user.createdAt = created;
            user.roles = Set.of("user", "admin");
            user.persist();
        });

        User found = QuarkusTransaction.requiringNew().call(() ->
                User.findByUsername("PERSISTED.USER-" + id.toString().substring(0, 8)).orElseThrow());
        assertEquals(id, found.id);
        assertEquals(created, found.createdAt);
        assertEquals(Set.of("user", "admin"), found.roles);
    }

    @Test
    void theDatabaseRefusesADuplicateUsername() {
        String name = "dup-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> newUser(name).persist());
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() -> newUser(name).persistAndFlush()));
        long count = QuarkusTransaction.requiringNew().call(() -> User.count("username", name));
        assertEquals(1, count);
    }

    @Test
    void theDatabaseRefusesAnUpperCaseUsername() {
        User user = newUser("NotLower" + UUID.randomUUID().toString().substring(0, 4));
        Exception e = assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(user::persistAndFlush));
        assertTrue(rootMessage(e).contains("users_username_lower"), rootMessage(e));
    }

    private static User newUser(String username) {
        User user = new User();
        user.id = UUID.randomUUID();
        user.username = username;
        user.passwordHash = "x";
        user.createdAt = Instant.now();
        user.roles = Set.of("user");
        return user;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
