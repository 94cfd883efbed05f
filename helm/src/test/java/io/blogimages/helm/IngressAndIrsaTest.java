package io.blogimages.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.blogimages.helm.Chart.Rendered;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.blogimages.helm.Chart.RELEASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AWS specifics: the gateway's ALB Ingress (the only way in) and the image service's IAM role (IRSA). */
class IngressAndIrsaTest {

    static final String ALB = "alb.ingress.kubernetes.io/";

    @Test
    void noIngressByDefault() {
        Rendered r = Chart.render();
        assertTrue(r.ofKind("Ingress").isEmpty());
        assertNoOtherWayIn(r);
    }

    @Test
    void onlyTheGatewayIsExposedThroughAnHttpsAlb() {
        Rendered r = Chart.render(Chart.DIR.resolve("ci/irsa-and-ingress-values.yaml"));
        assertEquals(1, r.ofKind("Ingress").size());
        JsonNode ingress = r.of("Ingress", "gateway");
        JsonNode annotations = ingress.at("/metadata/annotations");

        assertEquals("alb", ingress.at("/spec/ingressClassName").asText());
        assertEquals("internet-facing", annotations.path(ALB + "scheme").asText());
        assertEquals("ip", annotations.path(ALB + "target-type").asText());
        assertEquals("arn:aws:acm:eu-west-1:123456789012:certificate/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901",
                annotations.path(ALB + "certificate-arn").asText());
        assertEquals("443", annotations.path(ALB + "ssl-redirect").asText());
        assertEquals("[{\"HTTP\": 80}, {\"HTTPS\": 443}]", annotations.path(ALB + "listen-ports").asText());
        // health checks on the management port, which no listener rule routes to: the ALB never sends a request to /q/
        assertEquals("/q/health/ready", annotations.path(ALB + "healthcheck-path").asText());
        assertEquals("9000", annotations.path(ALB + "healthcheck-port").asText());
        JsonNode management = r.container("gateway").at("/ports/1");
        assertEquals("management", management.path("name").asText());
        assertEquals(annotations.path(ALB + "healthcheck-port").asInt(), management.path("containerPort").asInt());
        assertEquals(management.path("name").asText(), r.container("gateway").at("/readinessProbe/httpGet/port").asText());
        assertEquals("blog", annotations.path(ALB + "group.name").asText());
        assertTrue(annotations.path(ALB + "target-group-attributes").asText().contains("deregistration_delay.timeout_seconds=30"));

        JsonNode rule = ingress.at("/spec/rules/0");
        assertEquals("images.example.org", rule.path("host").asText());
        assertEquals(RELEASE + "-gateway", rule.at("/http/paths/0/backend/service/name").asText());
        assertEquals("http", rule.at("/http/paths/0/backend/service/port/name").asText());
        assertNoOtherWayIn(r);
    }

    @Test
    void anIngressWithoutTrustedProxiesIsRefused() {
        var e = assertThrows(IllegalStateException.class, () -> Chart.render(Map.of("gateway.ingress.enabled", "true",
                "gateway.ingress.certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/x")));
        assertTrue(e.getMessage().contains("gateway.trustedProxies is empty"), e.getMessage());
        assertTrue(e.getMessage().contains("CIDRs of the ALB's subnets"), e.getMessage());
        // with them it renders
        Chart.render(Map.of("gateway.ingress.enabled", "true",
                "gateway.ingress.certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/x",
                "gateway.trustedProxies[0]", "10.0.0.0/24"));
    }

    @Test
    void anIngressWithoutCertificateIsRefused() {
        var e = assertThrows(IllegalStateException.class, () -> Chart.render(Map.of("gateway.ingress.enabled", "true")));
        assertTrue(e.getMessage().contains("certificateArn"), e.getMessage());
    }

    @Test
    void theImageServiceAccountCarriesTheIrsaRole() {
        Rendered r = Chart.render(Chart.DIR.resolve("ci/irsa-and-ingress-values.yaml"));
        assertEquals("arn:aws:iam::123456789012:role/blog-images-image-s3",
                r.of("ServiceAccount", "image").at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText());
        assertEquals("blog-images-prod-eu-west-1", r.env("image", "IMAGE_STORAGE_BUCKET").asText());
        assertEquals("eu-west-1", r.env("image", "QUARKUS_S3_AWS_REGION").asText());
        for (String service : new String[] {"gateway", "auth"}) {
            assertTrue(r.of("ServiceAccount", service).at("/metadata/annotations/eks.amazonaws.com~1role-arn").isMissingNode());
        }
        // no static AWS keys anywhere: the SDK's default chain picks up the web identity token
        assertFalse(r.yaml().contains("AWS_ACCESS_KEY_ID"));
        assertFalse(r.yaml().contains("AWS_SECRET_ACCESS_KEY"));
    }

    @Test
    void noRoleAnnotationWithoutRole() {
        Rendered r = Chart.render();
        assertTrue(r.of("ServiceAccount", "image").at("/metadata/annotations/eks.amazonaws.com~1role-arn").isMissingNode());
    }

    private static void assertNoOtherWayIn(Rendered r) {
        for (JsonNode service : r.ofKind("Service")) {
            assertEquals("ClusterIP", service.at("/spec/type").asText(), service.at("/metadata/name").asText());
        }
        for (JsonNode ingress : r.ofKind("Ingress")) {
            assertEquals(RELEASE + "-gateway", ingress.at("/metadata/name").asText());
        }
    }
}
