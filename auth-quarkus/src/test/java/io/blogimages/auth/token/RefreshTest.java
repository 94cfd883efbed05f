package io.blogimages.auth.token;

import io.blogimages.auth.MovableClock;
import io.blogimages.auth.user.User;
import io.blogimages.testsupport.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.blogimages.auth.AuthApi.client;
import static io.blogimages.auth.AuthApi.newUserSession;
import static io.blogimages.auth.AuthApi.refresh;
import static io.blogimages.auth.AuthApi.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class RefreshTest {

    @Inject
    MovableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aRefreshRotatesThePairAndSpendsThePresentedToken() {
        Response login = newUserSession(uniqueName("rotate"), "rotating password");
        String first = login.path("refreshToken");

        Response second = refresh(first);
        second.then().statusCode(200).header("Cache-Control", "no-store")
                .body("tokenType", equalTo("Bearer"))
                .body("refreshToken", not(equalTo(first)))
                .header("Set-Cookie", containsString("refresh_token=" + second.path("refreshToken")));
        assertNotEquals(login.<String>path("accessToken"), second.<String>path("accessToken"));

        refresh(second.path("refreshToken")).then().statusCode(200);
    }

    @Test
    void theCookieWorksInPlaceOfTheBody() {
        String token = newUserSession(uniqueName("cookie"), "cookie password").path("refreshToken");
        String next = client().cookie("refresh_token", token).post("/api/auth/refresh").then().statusCode(200)
                .extract().path("refreshToken");
        // the cookie alone needs the JSON content type (CSRF), with an empty body or {}
        io.restassured.RestAssured.given().cookie("refresh_token", next).post("/api/auth/refresh").then()
                .statusCode(415).contentType("application/problem+json");
        String third = io.restassured.RestAssured.given().cookie("refresh_token", next).contentType("application/json")
                .post("/api/auth/refresh").then().statusCode(200).extract().path("refreshToken");
        io.restassured.RestAssured.given().cookie("refresh_token", third).contentType("application/json").body("{}")
                .post("/api/auth/refresh").then().statusCode(200);
        client().post("/api/auth/refresh").then().statusCode(401).contentType("application/problem+json");
        client().body("{\"refreshToken\": ").post("/api/auth/refresh").then().statusCode(400)
                .contentType("application/problem+json");
        io.restassured.RestAssured.given().cookie("refresh_token", "unknown").contentType("application/json")
                .post("/api/auth/logout").then().statusCode(204);
    }

    @Test
    void aSpentTokenWithinTheGraceWindowStillWorks() {
        String token = newUserSession(uniqueName("tabs"), "two tabs password").path("refreshToken");
        String fromFirstTab = refresh(token).then().statusCode(200).extract().path("refreshToken");
        clock.advance(Duration.ofSeconds(8));
        String fromSecondTab = refresh(token).then().statusCode(200).extract().path("refreshToken");
        assertNotEquals(fromFirstTab, fromSecondTab);
        refresh(fromFirstTab).then().statusCode(200);
        refresh(fromSecondTab).then().statusCode(200);
    }

    @Test
    void aSpentTokenAfterTheGraceWindowRevokesTheWholeLogin() {
        String name = uniqueName("stolen");
        String stolen = newUserSession(name, "stolen password").path("refreshToken");
        String legit = refresh(stolen).then().statusCode(200).extract().path("refreshToken");
        String legitNext = refresh(legit).then().statusCode(200).extract().path("refreshToken");

        clock.advance(Duration.ofSeconds(11));
        refresh(stolen).then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:blog-images:problem:invalid-refresh-token"));
        refresh(legitNext).then().statusCode(401); // every descendant of that login is revoked
        assertEquals("reuse-detected", revokedReasonOfFamiliesOf(name).getFirst());

        // another login of the same user is unaffected
        String other = io.blogimages.auth.AuthApi.login(name, "stolen password").path("refreshToken");
        refresh(other).then().statusCode(200);
    }

    @Test
    void aGraceWindowSiblingCannotLiveOnBesideTheLegitimateChain() {
        String name = uniqueName("thief");
        String stolen = newUserSession(name, "stolen password").path("refreshToken");
        String legit = refresh(stolen).then().statusCode(200).extract().path("refreshToken");
        clock.advance(Duration.ofSeconds(2));
        // the thief presents the spent token within the grace window: a sibling, a chain of his own...
        String thiefs = refresh(stolen).then().statusCode(200).extract().path("refreshToken");
        String thiefsNext = refresh(thiefs).then().statusCode(200).extract().path("refreshToken");
        clock.advance(Duration.ofSeconds(11));
        // ...whose refresh spent the legitimate chain's token: presenting it now is a reuse, the login is revoked
        refresh(legit).then().statusCode(401);
        refresh(thiefsNext).then().statusCode(401);
        assertEquals("reuse-detected", revokedReasonOfFamiliesOf(name).getFirst());
    }

    @Test
    void theLegitimateChainRefreshingFirstMakesTheGraceSiblingAReuse() {
        String name = uniqueName("second-tab");
        String first = newUserSession(name, "second tab password").path("refreshToken");
        String legit = refresh(first).then().statusCode(200).extract().path("refreshToken");
        String sibling = refresh(first).then().statusCode(200).extract().path("refreshToken"); // grace
        String legitNext = refresh(legit).then().statusCode(200).extract().path("refreshToken");
        clock.advance(Duration.ofSeconds(11));
        refresh(sibling).then().statusCode(401); // spent when the other chain moved on: reuse
        refresh(legitNext).then().statusCode(401);
        assertEquals("reuse-detected", revokedReasonOfFamiliesOf(name).getFirst());
    }

    @Test
    void aLoginEndsAtItsMaximumLifetimeHoweverOftenItIsRefreshed() {
        String token = newUserSession(uniqueName("forever"), "forever password").path("refreshToken");
        clock.advance(Duration.ofDays(13));
        token = refresh(token).then().statusCode(200).extract().path("refreshToken");
        clock.advance(Duration.ofDays(7));
        Response day20 = refresh(token);
        day20.then().statusCode(200);
        // 30 days from the login, not 14 from this refresh
        long expiresIn = day20.<Number>path("refreshExpiresIn").longValue();
        org.junit.jupiter.api.Assertions.assertTrue(expiresIn <= Duration.ofDays(10).toSeconds()
                && expiresIn > Duration.ofDays(10).minusMinutes(1).toSeconds(), "refreshExpiresIn " + expiresIn);
        day20.then().header("Set-Cookie", containsString("Max-Age=" + expiresIn));
        clock.advance(Duration.ofDays(10).minusMinutes(1));
        token = refresh(day20.path("refreshToken")).then().statusCode(200).extract().path("refreshToken");
        clock.advance(Duration.ofMinutes(2));
        refresh(token).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = newUserSession(uniqueName("expiry"), "expiring password").path("refreshToken");
        clock.advance(Duration.ofDays(14).minusMinutes(1));
        String next = refresh(token).then().statusCode(200).extract().path("refreshToken");
        clock.advance(Duration.ofDays(14).plusSeconds(1));
        refresh(next).then().statusCode(401);
    }

    @Test
    void unknownTokensAreRefused() {
        refresh("A".repeat(43)).then().statusCode(401).contentType("application/problem+json");
        refresh("").then().statusCode(401);
    }

    @Test
    void twoConcurrentRefreshesWithOneTokenNeverMakeTwoLogins() throws Exception {
        String name = uniqueName("race");
        String token = newUserSession(name, "racing password").path("refreshToken");
        int parallel = 8;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<CompletableFuture<Integer>> results = java.util.stream.IntStream.range(0, parallel)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return refresh(token).statusCode();
                    }, pool)).toList();
            start.countDown();
            for (CompletableFuture<Integer> result : results) {
                assertEquals(200, result.get()); // all within the grace window
            }
        }
        assertEquals(1, revokedReasonOfFamiliesOf(name).size(), "one login, one family");
        assertEquals(parallel, (long) QuarkusTransaction.requiringNew().call(() -> RefreshToken.count(
                "family.userId = ?1 and spentAt is null", User.findByUsername(name).orElseThrow().id)));
    }

    @Test
    void logoutRevokesTheLoginAndClearsTheCookie() {
        Response login = newUserSession(uniqueName("logout"), "leaving password");
        String token = login.path("refreshToken");
        String next = refresh(token).then().statusCode(200).extract().path("refreshToken");

        client().cookie("refresh_token", next).post("/api/auth/logout").then()
                .statusCode(204)
                .header("Set-Cookie", containsString("refresh_token=;"))
                .header("Set-Cookie", containsString("Max-Age=0"));
        refresh(next).then().statusCode(401);

        // idempotent, also for tokens nobody knows
        client().body(Map.of("refreshToken", next)).post("/api/auth/logout").then().statusCode(204);
        client().body(Map.of("refreshToken", "unknown")).post("/api/auth/logout").then().statusCode(204);
        client().post("/api/auth/logout").then().statusCode(204);
    }

    @Test
    void purgeDeletesExpiredTokensAndEmptyFamilies() {
        String name = uniqueName("purged");
        newUserSession(name, "purged password");
        clock.advance(Duration.ofDays(15));
        io.quarkus.arc.Arc.container().instance(RefreshTokens.class).get().purge();
        assertEquals(0, revokedReasonOfFamiliesOf(name).size());
    }

    private static List<String> revokedReasonOfFamiliesOf(String username) {
        return QuarkusTransaction.requiringNew().call(() -> {
            User user = User.findByUsername(username).orElseThrow();
            return RefreshFamily.<RefreshFamily>list("userId", user.id).stream()
                    .map(f -> String.valueOf(f.revokedReason)).toList();
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
