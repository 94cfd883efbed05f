package io.blogimages.image;

import io.blogimages.image.support.JwtKeysResource;
import io.blogimages.testsupport.ManagementPortResource;
import io.blogimages.testsupport.PostgresResource;
import io.blogimages.testsupport.S3ProxyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The operational endpoints every service exposes (contract: health, Prometheus metrics, OpenAPI), on the
 * management interface only: the HTTP port answers them with a 404 problem.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "image"), @ResourceArg(name = "gate", value = "true")})
@WithTestResource(S3ProxyResource.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(ManagementPortResource.class)
class OperationsEndpointsTest {

    /** Requests to the management interface. */
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
    void readinessIncludesTheDatabaseAndTheBucket() {
        onManagement().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem(containsString("Database connections health check")))
                .body("checks.name", hasItem("s3-bucket"));
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
    void theOpenApiDocumentDescribesTheImagesApi() {
        onManagement().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", hasItem("/api/posts/{postId}/images"))
                .body("paths.keySet()", hasItem("/api/images/{key}"))
                .body("paths.'/api/posts/{postId}/images'.post.responses.keySet()", hasItem("415"));
    }

    @Test
    void theHttpPortServesNoOperationalEndpoint() {
        for (String path : new String[] {"/q/health", "/q/health/live", "/q/health/ready", "/q/health/started",
                "/q/metrics", "/q/openapi", "/q/swagger-ui", "/q/dev-ui", "/q"}) {
            given().get(path).then().statusCode(404).contentType("application/problem+json");
        }
        onManagement().get("/api/posts/p1/images").then().statusCode(404);
    }
}
