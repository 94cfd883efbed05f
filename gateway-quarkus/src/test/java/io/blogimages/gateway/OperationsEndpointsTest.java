package io.blogimages.gateway;

import io.blogimages.testsupport.ManagementPortResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The operational endpoints every service exposes (contract: health, Prometheus metrics, OpenAPI), on the
 * management interface only. The public port, the one the load balancer sends the internet to, serves none
 * of them under any spelling: a 404 problem, or the 400 problem of a non-canonical path (RequestChecks).
 */
@QuarkusTest
@WithTestResource(ManagementPortResource.class)
class OperationsEndpointsTest {

    /** What the Quarkus extensions in this build serve under /q (dev UI and swagger-ui in dev and test mode). */
    static final List<String> OPERATIONAL = List.of("/q", "/q/", "/q/health", "/q/health/", "/q/health/live",
            "/q/health/ready", "/q/health/started", "/q/health/group", "/q/health/well", "/q/metrics", "/q/openapi",
            "/q/openapi.json", "/q/openapi?format=json", "/q/dev", "/q/dev-ui", "/q/dev-ui/", "/q/swagger-ui",
            "/q/swagger-ui/", "/q/swagger-ui/index.html", "/q/arc", "/q/info", "/Q/health", "/q/HEALTH");

    /** Other spellings of the same paths: refused before routing, so never served either. */
    static final List<String> OTHER_SPELLINGS = List.of("/q/../q/health", "/%71/health", "/q/%68ealth",
            "/q//health", "//q/health", "/q/./metrics", "/api/../q/health", "/q/health/%2e%2e/metrics",
            "/q%2Fhealth", "/q/health;x=1", "/q\\health");

    private static RequestSpecification onManagement() {
        return given().port(ManagementPortResource.port());
    }

    @Test
    void healthGroupsAreUp() {
        for (String group : new String[] {"live", "ready", "started"}) {
            onManagement().get("/q/health/" + group).then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void metricsArePrometheusText() {
        onManagement().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDocumentIsServed() {
        onManagement().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("openapi", org.hamcrest.Matchers.startsWith("3."));
    }

    @Test
    void thePublicPortServesNoOperationalEndpoint() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String path : OPERATIONAL) {
            for (String method : List.of("GET", "HEAD", "POST")) {
                RawHttp.Response response = RawHttp.once(RestAssured.port, method, path, "Content-Length: 0");
                if (response.status() != 404 || !"application/problem+json".equals(response.header("Content-Type"))) {
                    failures.add(method + " " + path + " -> " + response.statusLine());
                }
            }
        }
        for (String path : OTHER_SPELLINGS) {
            RawHttp.Response response = RawHttp.once(RestAssured.port, "GET", path);
            // 400: a problem from RequestChecks, or Vert.x' own bare 400 for what is not a URI at all ('\')
            if (response.status() != 400 || response.bodyText().contains("\"UP\"")) {
                failures.add("GET " + path + " -> " + response.statusLine() + " " + response.bodyText());
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void theManagementPortServesNothingElse() {
        onManagement().get("/").then().statusCode(404);
        onManagement().get("/index.html").then().statusCode(404);
        onManagement().get("/api/auth/jwks").then().statusCode(404);
    }
}
