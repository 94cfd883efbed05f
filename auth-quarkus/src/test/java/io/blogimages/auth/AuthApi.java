package io.blogimages.auth;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;

/** Calls of the auth API that tests repeat. Each call comes from its own client IP unless one is given. */
public final class AuthApi {

    public static final String ADMIN = "root-admin";
    public static final String ADMIN_PASSWORD = "root-admin-password";

    private AuthApi() {
    }

    /** A request from a random documentation-range address, so tests do not share the per-IP login limit. */
    public static RequestSpecification client() {
        return client(randomIp());
    }

    public static RequestSpecification client(String ip) {
        return given().header("X-Forwarded-For", ip).contentType(ContentType.JSON);
    }

    public static String randomIp() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198.18." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Response signup(String username, String password) {
        return client().body(Map.of("username", username, "password", password)).post("/api/auth/signup");
    }

    public static Response login(String username, String password) {
        return client().body(Map.of("username", username, "password", password)).post("/api/auth/login");
    }

    /** Signs up a user and logs in: the token response. */
    public static Response newUserSession(String username, String password) {
        signup(username, password).then().statusCode(201);
        return login(username, password).then().statusCode(200).extract().response();
    }

    public static String adminAccessToken() {
        return login(ADMIN, ADMIN_PASSWORD).then().statusCode(200).extract().path("accessToken");
    }

    public static Response refresh(String refreshToken) {
        return client().body(Map.of("refreshToken", refreshToken)).post("/api/auth/refresh");
    }
}
