package io.blogimages.gateway;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/** The admin UI's static files are served by the gateway, under its strict CSP, with no outside origin. */
@QuarkusTest
class AdminUiTest {

    @Test
    void servesTheAdminUiAtTheRoot() {
        given().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("style-src 'self'"))
                .body(containsString("<title>Blog images"))
                .body(containsString("src=\"/webjars/dropzone/5.9.3/dist/min/dropzone.min.js\""))
                .body(containsString("src=\"/admin.js\""))
                // nothing inline and nothing from elsewhere
                .body(not(containsString("style=\"")))
                .body(not(containsString("<style")))
                .body(not(containsString("<script>")))
                .body(not(containsString("http://")))
                .body(not(containsString("https://")));
    }

    @Test
    void servesItsScriptsStylesAndDropzone() {
        given().get("/admin.js").then().statusCode(200).contentType(containsString("javascript"));
        given().get("/auth.js").then().statusCode(200).contentType(containsString("javascript"));
        given().get("/admin.css").then().statusCode(200).contentType(containsString("text/css"));
        given().get("/webjars/dropzone/5.9.3/dist/min/dropzone.min.js").then().statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("Dropzone"));
    }

    @Test
    void theScriptsNeverKeepTokensInWebStorage() {
        given().get("/auth.js").then().statusCode(200)
                .body(not(containsString("localStorage")))
                .body(not(containsString("sessionStorage")));
    }
}
