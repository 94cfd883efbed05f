package io.blogimages.gateway;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;

/** Calls through the gateway that tests repeat; each from its own client address unless one is given. */
public final class GatewayApi {

    private GatewayApi() {
    }

    public static RequestSpecification client() {
        return client(randomIp());
    }

    public static RequestSpecification client(String ip) {
        return given().header("X-Forwarded-For", ip);
    }

    public static String randomIp() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198.51." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    public static String adminToken() {
        return client().contentType(ContentType.JSON)
                .body(Map.of("username", StackResource.ADMIN, "password", StackResource.ADMIN_PASSWORD))
                .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");
    }
}
