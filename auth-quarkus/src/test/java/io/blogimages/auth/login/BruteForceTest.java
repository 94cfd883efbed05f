package io.blogimages.auth.login;

import io.blogimages.auth.MovableClock;
import io.blogimages.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.blogimages.auth.AuthApi.client;
import static io.blogimages.auth.AuthApi.login;
import static io.blogimages.auth.AuthApi.randomIp;
import static io.blogimages.auth.AuthApi.signup;
import static io.blogimages.auth.AuthApi.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class BruteForceTest {

    @Inject
    MovableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anAccountIsThrottledAfterFiveFailuresUntilTheWindowEnds() {
        String name = uniqueName("target");
        signup(name, "the real password").then().statusCode(201);
        for (int i = 0; i < 5; i++) {
            login(name, "guess number " + i).then().statusCode(401);
        }
        // Now even the right password, from anywhere, waits: the attacker learns nothing more.
        int retryAfter = Integer.parseInt(login(name, "the real password").then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:blog-images:problem:too-many-login-failures"))
                .extract().header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 900, "Retry-After " + retryAfter);

        clock.advance(Duration.ofMinutes(14));
        login(name, "the real password").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        login(name, "the real password").then().statusCode(200);
    }

    @Test
    void aSuccessResetsTheAccountsCount() {
        String name = uniqueName("forgetful");
        signup(name, "the real password").then().statusCode(201);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                login(name, "typo " + i).then().statusCode(401);
            }
            login(name, "the real password").then().statusCode(200);
        }
    }

    @Test
    void oneAddressIsThrottledAfterTwentyFailuresWhateverTheUsernames() {
        String attacker = randomIp();
        for (int i = 0; i < 20; i++) {
            client(attacker).body(Map.of("username", uniqueName("spray"), "password", "Winter2026!!"))
                    .post("/api/auth/login").then().statusCode(401);
        }
        String victim = uniqueName("victim");
        signup(victim, "the real password").then().statusCode(201);
        client(attacker).body(Map.of("username", victim, "password", "the real password"))
                .post("/api/auth/login").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // other addresses are not affected
        login(victim, "the real password").then().statusCode(200);
    }

    @Test
    void retryAfterCountsDown() {
        String name = uniqueName("countdown");
        for (int i = 0; i < 5; i++) {
            login(name, "guess " + i).then().statusCode(401);
        }
        int first = Integer.parseInt(login(name, "x".repeat(10)).header("Retry-After"));
        clock.advance(Duration.ofMinutes(5));
        login(name, "x".repeat(10)).then().statusCode(429)
                .header("Retry-After", s -> Integer.parseInt(s), lessThanOrEqualTo(first - 300))
                .header("Retry-After", s -> Integer.parseInt(s), greaterThan(0));
    }
}
