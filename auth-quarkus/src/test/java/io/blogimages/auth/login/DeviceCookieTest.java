package io.blogimages.auth.login;

import io.blogimages.auth.MovableClock;
import io.blogimages.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.blogimages.auth.AuthApi.client;
import static io.blogimages.auth.AuthApi.login;
import static io.blogimages.auth.AuthApi.signup;
import static io.blogimages.auth.AuthApi.uniqueName;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device cookies: strangers guessing an account's password cannot lock its owner out. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class DeviceCookieTest {

    static final String DEVICE = "__Host-device";
    static final String PASSWORD = "the owner's password";

    @Inject
    MovableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aSuccessfulLoginSetsASignedHostDeviceCookie() {
        String name = uniqueName("device");
        signup(name, PASSWORD).then().statusCode(201);
        Response login = login(name, PASSWORD);
        String cookie = login.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith(DEVICE + "="))
                .findFirst().orElse(null);
        assertNotNull(cookie, "device cookie");
        for (String part : new String[] {"Path=/;", "HttpOnly", "Secure", "SameSite=Strict", "Max-Age="}) {
            assertTrue((cookie + ";").contains(part), part + " in " + cookie);
        }
        assertTrue(!cookie.toLowerCase().contains("domain="), cookie);
        login(name, "wrong password").then().statusCode(401); // a failure sets none
        assertTrue(login(name, "wrong password").headers().getValues("Set-Cookie").isEmpty());
    }

    @Test
    void strangersLockOutOnlyThemselvesWhileTheOwnersDeviceLogsInAtOnce() {
        String name = uniqueName("owner");
        signup(name, PASSWORD).then().statusCode(201);
        String device = login(name, PASSWORD).then().statusCode(200).extract().cookie(DEVICE);

        for (int i = 0; i < 50; i++) { // from many addresses, so the per-IP limit is not what stops them
            int status = login(name, "guess " + i).statusCode();
            assertTrue(status == 401 || status == 429, "stranger got " + status);
        }
        login(name, PASSWORD).then().statusCode(429).header("Retry-After", notNullValue()); // untrusted: locked
        String renewed = ownerLogin(name, device, PASSWORD).then().statusCode(200).extract().cookie(DEVICE);
        assertNotNull(renewed);
        ownerLogin(name, renewed, PASSWORD).then().statusCode(200);

        // the owner's own success does not reset the strangers' count
        login(name, PASSWORD).then().statusCode(429);

        // every lock ends with its window
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        login(name, PASSWORD).then().statusCode(200);
    }

    @Test
    void aDeviceWithTooManyFailuresIsLockedForTheWindowOnly() {
        String name = uniqueName("careless");
        signup(name, PASSWORD).then().statusCode(201);
        String device = login(name, PASSWORD).then().statusCode(200).extract().cookie(DEVICE);
        String otherDevice = login(name, PASSWORD).then().statusCode(200).extract().cookie(DEVICE);
        for (int i = 0; i < 5; i++) {
            ownerLogin(name, device, "typo " + i).then().statusCode(401);
        }
        ownerLogin(name, device, PASSWORD).then().statusCode(429).header("Retry-After", notNullValue());
        ownerLogin(name, otherDevice, PASSWORD).then().statusCode(200); // another device has its own budget
        login(name, PASSWORD).then().statusCode(200); // and the device's failures were not the account's
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        ownerLogin(name, device, PASSWORD).then().statusCode(200);
    }

    @Test
    void aCookieOfAnotherAccountOrForgedIsUntrusted() {
        String owner = uniqueName("cookie-owner");
        String victim = uniqueName("cookie-victim");
        signup(owner, PASSWORD).then().statusCode(201);
        signup(victim, PASSWORD).then().statusCode(201);
        String ownersDevice = login(owner, PASSWORD).then().statusCode(200).extract().cookie(DEVICE);
        for (int i = 0; i < 5; i++) {
            login(victim, "guess " + i).then().statusCode(401);
        }
        ownerLogin(victim, ownersDevice, PASSWORD).then().statusCode(429); // named another account
        String[] parts = ownersDevice.split("\\.");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(victim.getBytes())
                + "." + parts[1] + "." + parts[2] + "." + parts[3];
        ownerLogin(victim, forged, PASSWORD).then().statusCode(429); // signature no longer matches
        ownerLogin(victim, "garbage", PASSWORD).then().statusCode(429);
        ownerLogin(victim, "a.b.c.d", PASSWORD).then().statusCode(429);
    }

    @Test
    void anExpiredDeviceCookieIsUntrusted() {
        String name = uniqueName("old-device");
        signup(name, PASSWORD).then().statusCode(201);
        String device = login(name, PASSWORD).then().statusCode(200).extract().cookie(DEVICE);
        clock.advance(Duration.ofDays(91));
        for (int i = 0; i < 5; i++) {
            login(name, "guess " + i).then().statusCode(401);
        }
        ownerLogin(name, device, PASSWORD).then().statusCode(429);
    }

    @Test
    void thePerAddressLimitHoldsForTrustedDevicesToo() {
        String name = uniqueName("shared-ip");
        signup(name, PASSWORD).then().statusCode(201);
        String device = login(name, PASSWORD).then().statusCode(200).extract().cookie(DEVICE);
        String ip = io.blogimages.auth.AuthApi.randomIp();
        for (int i = 0; i < 20; i++) {
            client(ip).body(Map.of("username", uniqueName("spray"), "password", "Winter2026!!"))
                    .post("/api/auth/login").then().statusCode(401);
        }
        client(ip).cookie(DEVICE, device).body(Map.of("username", name, "password", PASSWORD))
                .post("/api/auth/login").then().statusCode(429);
    }

    private static Response ownerLogin(String name, String device, String password) {
        return client().cookie(DEVICE, device).body(Map.of("username", name, "password", password)).post("/api/auth/login");
    }
}
