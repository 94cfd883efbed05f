package io.blogimages.auth.token;

import io.blogimages.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.blogimages.auth.AuthApi.client;
import static io.blogimages.auth.AuthApi.login;
import static io.blogimages.auth.AuthApi.refresh;
import static io.blogimages.auth.AuthApi.signup;
import static io.blogimages.auth.AuthApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Browser sessions: the refresh token only in a __Host- cookie, and refresh/logout guarded against other sites. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class BrowserSessionTest {

    static final String BROWSER_COOKIE = "__Host-refresh_token";

    @TestHTTPResource("/")
    URL root;

    @Test
    void aBrowserLoginKeepsTheRefreshTokenOutOfTheBody() {
        String name = uniqueName("browser");
        signup(name, "browser password").then().statusCode(201);
        Response login = client().body(Map.of("username", name, "password", "browser password", "client", "browser"))
                .post("/api/auth/login");
        login.then().statusCode(200)
                .body("refreshToken", nullValue())
                .body("refreshExpiresIn", equalTo(14 * 24 * 3600))
                .body("tokenType", equalTo("Bearer"));
        assertTrue(!login.asString().contains("refreshToken"), login.asString());
        String cookie = setCookie(login, BROWSER_COOKIE);
        assertCookieAttributes(cookie, "Path=/;", "HttpOnly", "Secure", "SameSite=Strict", "Max-Age=1209600");
        assertTrue(!cookie.toLowerCase().contains("domain="), cookie);
        assertEquals(null, setCookieOrNull(login, "refresh_token"), "no contract cookie for a browser login");

        // refresh with the cookie alone answers in browser mode again
        String token = login.detailedCookie(BROWSER_COOKIE).getValue();
        Response refreshed = client().cookie(BROWSER_COOKIE, token).body("{}").post("/api/auth/refresh");
        refreshed.then().statusCode(200).body("refreshToken", nullValue()).body("accessToken", org.hamcrest.Matchers.notNullValue());
        String next = refreshed.detailedCookie(BROWSER_COOKIE).getValue();
        assertNotNull(next);
        client().cookie(BROWSER_COOKIE, token).body("{}").post("/api/auth/refresh").then().statusCode(200); // grace

        // logout clears the cookie that was used, and revokes the login
        Response logout = client().cookie(BROWSER_COOKIE, next).body("{}").post("/api/auth/logout");
        logout.then().statusCode(204);
        assertCookieAttributes(setCookie(logout, BROWSER_COOKIE), "Max-Age=0", "Path=/;");
        assertEquals(null, setCookieOrNull(logout, "refresh_token"));
        client().cookie(BROWSER_COOKIE, next).body("{}").post("/api/auth/refresh").then().statusCode(401);
    }

    @Test
    void apiLoginsKeepTheContract() {
        String name = uniqueName("api");
        signup(name, "api client password").then().statusCode(201);
        for (Response login : List.of(login(name, "api client password"), client().body(Map.of("username", name,
                "password", "api client password", "client", "api")).post("/api/auth/login"))) {
            String token = login.then().statusCode(200).extract().path("refreshToken");
            assertCookieAttributes(setCookie(login, "refresh_token"), "Path=/api/auth", "HttpOnly", "Secure", "SameSite=Strict");
            assertEquals(null, setCookieOrNull(login, BROWSER_COOKIE));
            Response refreshed = refresh(token);
            refreshed.then().statusCode(200).body("refreshToken", org.hamcrest.Matchers.matchesPattern("[\\w-]{43}"));
            setCookie(refreshed, "refresh_token");
        }
        client().body(Map.of("username", name, "password", "api client password", "client", "desktop"))
                .post("/api/auth/login").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem("client"));
    }

    @Test
    void theBrowserCookieComesFirstAndLogoutClearsBoth() {
        String name = uniqueName("both");
        signup(name, "two cookies password").then().statusCode(201);
        String api = login(name, "two cookies password").path("refreshToken");
        String browser = client().body(Map.of("username", name, "password", "two cookies password", "client", "browser"))
                .post("/api/auth/login").detailedCookie(BROWSER_COOKIE).getValue();
        Response refreshed = client().cookie(BROWSER_COOKIE, browser).cookie("refresh_token", api).body("{}")
                .post("/api/auth/refresh");
        refreshed.then().statusCode(200).body("refreshToken", nullValue()); // the browser login's answer
        Response logout = client().cookie(BROWSER_COOKIE, refreshed.detailedCookie(BROWSER_COOKIE).getValue())
                .cookie("refresh_token", api).body("{}").post("/api/auth/logout");
        logout.then().statusCode(204);
        assertCookieAttributes(setCookie(logout, BROWSER_COOKIE), "Max-Age=0");
        assertCookieAttributes(setCookie(logout, "refresh_token"), "Max-Age=0");
        refresh(api).then().statusCode(200); // only the browser login was ended: its token came first
    }

    @Test
    void refreshAndLogoutNeedJson() throws Exception {
        String token = newApiToken();
        // java.net.http: it sends exactly the content type given (or none), as a browser's form or fetch would
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String path : List.of("/api/auth/refresh", "/api/auth/logout")) {
            for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/jsonx", "*/*", null}) {
                java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(root.toURI().resolve(path))
                        .header("Cookie", "refresh_token=" + token)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("refreshToken=" + token));
                if (type != null) {
                    request.header("Content-Type", type);
                }
                java.net.http.HttpResponse<String> response = http.send(request.build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(415, response.statusCode(), type + " " + response.body());
                assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
            }
        }
        given().contentType("application/json; charset=utf-8").cookie("refresh_token", token).body("{}")
                .post("/api/auth/refresh").then().statusCode(200); // the refused calls spent nothing
    }

    @Test
    void aCrossOriginRefreshOrLogoutIsRefused() {
        String token = newApiToken();
        String own = "http://" + root.getHost() + ":" + root.getPort();
        for (String origin : List.of("https://evil.example", "null", "http://" + root.getHost() + ":1",
                "https://" + root.getHost() + ":" + root.getPort(), own + ".evil.example", own + "/path", "junk")) {
            for (String path : List.of("/api/auth/refresh", "/api/auth/logout")) {
                client().header("Origin", origin).cookie("refresh_token", token).body("{}").post(path).then()
                        .statusCode(403).contentType("application/problem+json")
                        .body("type", equalTo("urn:blog-images:problem:cross-origin-request"));
            }
        }
        // same origin, and no Origin at all (scripts), pass
        token = client().header("Origin", own).body(Map.of("refreshToken", token)).post("/api/auth/refresh")
                .then().statusCode(200).extract().path("refreshToken");
        token = refresh(token).then().statusCode(200).extract().path("refreshToken");
        client().header("Origin", own).body(Map.of("refreshToken", token)).post("/api/auth/logout").then().statusCode(204);
    }

    @Test
    void behindTheGatewayTheOriginIsTheForwardedOne() {
        String token = newApiToken();
        // the test client is on loopback, a trusted proxy: its X-Forwarded-Proto/Host name the origin called
        token = client().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "images.example.org")
                .header("Origin", "https://images.example.org").body(Map.of("refreshToken", token))
                .post("/api/auth/refresh").then().statusCode(200).extract().path("refreshToken");
        client().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "images.example.org")
                .header("Origin", "http://" + root.getHost() + ":" + root.getPort()).body(Map.of("refreshToken", token))
                .post("/api/auth/refresh").then().statusCode(403);
        client().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "images.example.org:8443")
                .header("Origin", "https://images.example.org:8443").body(Map.of("refreshToken", token))
                .post("/api/auth/refresh").then().statusCode(200);
    }

    private static String newApiToken() {
        String name = uniqueName("guarded");
        signup(name, "guarded password").then().statusCode(201);
        return login(name, "guarded password").path("refreshToken");
    }

    static String setCookie(Response response, String name) {
        String cookie = setCookieOrNull(response, name);
        assertNotNull(cookie, "Set-Cookie " + name + " in " + response.headers().getValues("Set-Cookie"));
        return cookie;
    }

    static String setCookieOrNull(Response response, String name) {
        return response.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .findFirst().orElse(null);
    }

    private static void assertCookieAttributes(String cookie, String... parts) {
        for (String part : parts) {
            assertTrue((cookie + ";").contains(part), part + " in " + cookie);
        }
    }
}
