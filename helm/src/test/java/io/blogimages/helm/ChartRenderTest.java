package io.blogimages.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.blogimages.helm.Chart.Rendered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.blogimages.helm.Chart.RELEASE;
import static io.blogimages.helm.Chart.SERVICES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Renders the defaults, every ci/*-values.yaml and values-eks.yaml and checks what every install must have. */
class ChartRenderTest {

    /** The defaults, each ci/ values file and the EKS example. */
    static Stream<Arguments> installs() {
        List<Arguments> installs = new ArrayList<>();
        installs.add(Arguments.of("defaults", new Path[0]));
        for (Path file : Chart.ciValuesFiles()) {
            installs.add(Arguments.of(file.getFileName().toString(), new Path[] {file}));
        }
        installs.add(Arguments.of("values-eks.yaml", new Path[] {Chart.DIR.resolve("values-eks.yaml")}));
        return installs.stream();
    }

    @Test
    void ciValuesFilesCoverTheMainVariants() {
        Set<String> names = new HashSet<>();
        Chart.ciValuesFiles().forEach(p -> names.add(p.getFileName().toString()));
        assertTrue(names.containsAll(Set.of("minimal-values.yaml", "native-values.yaml", "irsa-and-ingress-values.yaml",
                "custom-networkpolicy-values.yaml", "tracing-values.yaml")), names::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void everyServiceHasItsObjects(String name, Path[] values) {
        Rendered r = Chart.render(values);
        for (String service : SERVICES) {
            for (String kind : List.of("Deployment", "Service", "ServiceAccount", "ConfigMap", "PodDisruptionBudget")) {
                r.of(kind, service);
            }
            JsonNode pdb = r.of("PodDisruptionBudget", service).path("spec");
            assertEquals(1, pdb.path("maxUnavailable").asInt(), service);
            assertEquals(r.of("Deployment", service).at("/spec/selector/matchLabels"), pdb.at("/selector/matchLabels"));
            assertEquals("ClusterIP", r.of("Service", service).at("/spec/type").asText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void replicasOrAutoscalingKeepAtLeastTwoPodsAndRollWithoutLosingCapacity(String name, Path[] values) {
        Rendered r = Chart.render(values);
        for (String service : SERVICES) {
            JsonNode spec = r.of("Deployment", service).path("spec");
            var hpa = r.find("HorizontalPodAutoscaler", RELEASE + "-" + service);
            if (hpa.isPresent()) {
                assertTrue(spec.path("replicas").isMissingNode(), "the HPA owns the replica count of " + service);
                assertTrue(hpa.get().at("/spec/minReplicas").asInt() >= 2, service);
                assertEquals("Deployment", hpa.get().at("/spec/scaleTargetRef/kind").asText());
                assertEquals(RELEASE + "-" + service, hpa.get().at("/spec/scaleTargetRef/name").asText());
                assertEquals("cpu", hpa.get().at("/spec/metrics/0/resource/name").asText());
            } else {
                assertTrue(spec.path("replicas").asInt() >= 2, service);
            }
            assertEquals("RollingUpdate", spec.at("/strategy/type").asText());
            assertEquals(0, spec.at("/strategy/rollingUpdate/maxUnavailable").asInt(), service);
            assertTrue(spec.at("/strategy/rollingUpdate/maxSurge").asInt() >= 1, service);
        }
    }

    @Test
    void defaultsRunThreePodsPerServiceWithAutoscalingFromThree() {
        Rendered r = Chart.render();
        for (String service : SERVICES) {
            assertEquals(3, r.of("HorizontalPodAutoscaler", service).at("/spec/minReplicas").asInt(), service);
        }
        Rendered fixed = Chart.render(Map.of("gateway.autoscaling.enabled", "false"));
        assertEquals(3, fixed.of("Deployment", "gateway").at("/spec/replicas").asInt());
        assertTrue(fixed.find("HorizontalPodAutoscaler", RELEASE + "-gateway").isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void probesPortAndLifecycle(String name, Path[] values) {
        Rendered r = Chart.render(values);
        for (String service : SERVICES) {
            JsonNode c = r.container(service);
            assertEquals(8080, c.at("/ports/0/containerPort").asInt());
            assertEquals("http", c.at("/ports/0/name").asText());
            assertEquals(9000, c.at("/ports/1/containerPort").asInt());
            assertEquals("management", c.at("/ports/1/name").asText());
            assertEquals(2, c.path("ports").size());
            assertEquals("/q/health/started", c.at("/startupProbe/httpGet/path").asText());
            assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText());
            assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText());
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertEquals("management", c.path(probe).at("/httpGet/port").asText(), probe + " of " + service);
            }
            assertEquals("9000", r.env(service, "QUARKUS_MANAGEMENT_PORT").asText());
            // scraped pod-direct on the management port
            JsonNode annotations = r.of("Deployment", service).at("/spec/template/metadata/annotations");
            assertEquals("9000", annotations.path("prometheus.io/port").asText());
            assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());
            // the Service (the Ingress's backend, and the other services' way in) exposes the HTTP port only
            JsonNode servicePorts = r.of("Service", service).at("/spec/ports");
            assertEquals(1, servicePorts.size(), service);
            assertEquals("http", servicePorts.at("/0/targetPort").asText(), service);
            // the load balancer drains the pod before Quarkus starts its own graceful shutdown
            int preStop = c.at("/lifecycle/preStop/sleep/seconds").asInt();
            int shutdown = Integer.parseInt(r.env(service, "QUARKUS_SHUTDOWN_TIMEOUT").asText().replace("s", ""));
            int grace = r.podSpec(service).path("terminationGracePeriodSeconds").asInt();
            assertTrue(preStop > 0, service);
            assertTrue(grace > preStop + shutdown, () -> service + ": grace " + grace + " <= " + preStop + " + " + shutdown);
        }
    }

    @Test
    void renderFailsWhenTheGracePeriodDoesNotCoverTheShutdown() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Chart.render(Map.of("global.terminationGracePeriodSeconds", "30")));
        assertTrue(e.getMessage().contains("terminationGracePeriodSeconds"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void resourcesFollowTheFlavour(String name, Path[] values) {
        Rendered r = Chart.render(values);
        for (String service : SERVICES) {
            JsonNode resources = r.container(service).path("resources");
            for (String part : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertFalse(resources.path(part).path(resource).asText().isBlank(), service + " " + part + "." + resource);
                }
            }
            String flavour = r.of("Deployment", service).at("/metadata/labels/blog-images~1flavour").asText();
            assertTrue(Set.of("jvm", "native").contains(flavour), flavour);
            String image = r.container(service).path("image").asText();
            if (flavour.equals("native") && !image.contains("@sha256:")) {
                assertTrue(image.endsWith("-native"), image);
            }
            assertEquals(flavour.equals("jvm"), !r.env(service, "JAVA_OPTS_APPEND").isMissingNode(), service);
        }
    }

    @Test
    void nativeFlavourTakesLessMemoryAndNativeImages() {
        Rendered jvm = Chart.render();
        Rendered nat = Chart.render(Chart.DIR.resolve("ci/native-values.yaml"));
        assertEquals("123456789012.dkr.ecr.eu-west-1.amazonaws.com/blog-images/image-quarkus:1.4.2-native",
                nat.container("image").path("image").asText());
        assertEquals("123456789012.dkr.ecr.eu-west-1.amazonaws.com/blog-images/auth-quarkus@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", nat.container("auth").path("image").asText());
        // the per-service override keeps the gateway on the JVM
        assertEquals("123456789012.dkr.ecr.eu-west-1.amazonaws.com/blog-images/gateway-quarkus:1.4.2",
                nat.container("gateway").path("image").asText());
        assertEquals("blog-images/image-quarkus:1.0.0-SNAPSHOT", jvm.container("image").path("image").asText());
        assertNotEquals(jvm.container("image").at("/resources/limits/memory"), nat.container("image").at("/resources/limits/memory"));
        assertEquals("1Gi", nat.container("image").at("/resources/limits/memory").asText());
        assertEquals("1536Mi", jvm.container("image").at("/resources/limits/memory").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void podsRunHardened(String name, Path[] values) {
        Rendered r = Chart.render(values);
        for (String service : SERVICES) {
            JsonNode pod = r.podSpec(service);
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), service);
            assertFalse(r.of("ServiceAccount", service).path("automountServiceAccountToken").asBoolean(true), service);
            assertEquals(RELEASE + "-" + service, pod.path("serviceAccountName").asText());
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), service);
            assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
            JsonNode sc = r.container(service).path("securityContext");
            assertTrue(sc.path("runAsNonRoot").asBoolean(), service);
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), service);
            assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), service);
            assertFalse(sc.path("privileged").asBoolean(true), service);
            assertEquals("ALL", sc.at("/capabilities/drop/0").asText());
            assertEquals("RuntimeDefault", sc.at("/seccompProfile/type").asText());
            assertTrue(sc.path("runAsUser").asInt() > 0);
            // read-only root: /tmp is a size-limited emptyDir
            assertEquals("tmp", mountAt(r, service, "/tmp").path("name").asText());
            assertTrue(volume(r, service, "tmp").path("emptyDir").has("sizeLimit"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void podsSpreadOverZonesAndNodes(String name, Path[] values) {
        Rendered r = Chart.render(values);
        for (String service : SERVICES) {
            JsonNode constraints = r.podSpec(service).path("topologySpreadConstraints");
            JsonNode selector = r.of("Deployment", service).at("/spec/selector/matchLabels");
            Set<String> keys = new HashSet<>();
            for (JsonNode c : constraints) {
                keys.add(c.path("topologyKey").asText());
                assertEquals(1, c.path("maxSkew").asInt(), service);
                assertEquals(selector, c.at("/labelSelector/matchLabels"), service);
            }
            assertEquals(Set.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"), keys, service);
            assertEquals("DoNotSchedule", constraints.path(0).path("whenUnsatisfiable").asText());
        }
    }

    @Test
    void checksumRollsOnlyThePodsWhoseConfigChanged() {
        Rendered before = Chart.render();
        Rendered after = Chart.render(Map.of("gateway.corsOrigins[0]", "https://other.example.com"));
        String path = "/spec/template/metadata/annotations/checksum~1config";
        for (String service : SERVICES) {
            assertTrue(before.of("Deployment", service).at(path).asText().matches("[0-9a-f]{64}"), service);
        }
        assertNotEquals(before.of("Deployment", "gateway").at(path), after.of("Deployment", "gateway").at(path));
        assertEquals(before.of("Deployment", "auth").at(path), after.of("Deployment", "auth").at(path));
        assertEquals("https://other.example.com", after.env("gateway", "QUARKUS_HTTP_CORS_ORIGINS").asText());
    }

    @Test
    void tracingExportsFromEveryServiceOnlyOnceAnEndpointIsSet() {
        Rendered defaults = Chart.render();
        Rendered tracing = Chart.render(Chart.DIR.resolve("ci/tracing-values.yaml"));
        String checksum = "/spec/template/metadata/annotations/checksum~1config";
        for (String service : SERVICES) {
            assertTrue(defaults.env(service, "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").isMissingNode(), service);
            assertTrue(defaults.env(service, "QUARKUS_OTEL_TRACES_SAMPLER_ARG").isMissingNode(), service);
            assertEquals("http://otel-collector.telemetry.svc:14317",
                    tracing.env(service, "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").asText(), service);
            assertEquals("0.1", tracing.env(service, "QUARKUS_OTEL_TRACES_SAMPLER_ARG").asText(), service);
            // in the ConfigMap, so turning tracing on rolls every service
            assertNotEquals(defaults.of("Deployment", service).at(checksum), tracing.of("Deployment", service).at(checksum));
        }
        // a ratio without an endpoint changes nothing
        assertEquals(defaults.yaml(), Chart.render(Map.of("global.tracing.samplerRatio", "0.5")).yaml());
        // an endpoint alone samples every new trace; --set passes a decimal ratio as a string, which is taken too
        Rendered endpointOnly = Chart.render(Map.of("global.tracing.otlpEndpoint", "http://otel-collector.observability:4317"));
        assertEquals("1", endpointOnly.env("auth", "QUARKUS_OTEL_TRACES_SAMPLER_ARG").asText());
        Rendered set = Chart.render(Map.of("global.tracing.otlpEndpoint", "https://otlp.example.com",
                "global.tracing.samplerRatio", "0.05"));
        assertEquals("0.05", set.env("image", "QUARKUS_OTEL_TRACES_SAMPLER_ARG").asText());
        assertEquals("0", Chart.render(Map.of("global.tracing.otlpEndpoint", "https://otlp.example.com",
                "global.tracing.samplerRatio", "0")).env("gateway", "QUARKUS_OTEL_TRACES_SAMPLER_ARG").asText());
    }

    @Test
    void servicesFindEachOtherThroughTheReleaseServices() {
        Rendered r = Chart.render();
        assertEquals("http://blog-auth:8080", r.env("gateway", "GATEWAY_ROUTES_AUTH_INSTANCES").asText());
        assertEquals("http://blog-image:8080", r.env("gateway", "GATEWAY_ROUTES_IMAGE_INSTANCES").asText());
        assertEquals("http://blog-auth:8080/api/auth/jwks", r.env("gateway", "GATEWAY_AUTH_JWKS_URL").asText());
        assertEquals("http://blog-auth:8080/api/auth/jwks", r.env("image", "MP_JWT_VERIFY_PUBLICKEY_LOCATION").asText());
        // no proxy is believed by default (without an ingress the gateway's peers are its clients); auth believes the VPC
        assertTrue(r.env("gateway", "GATEWAY_TRUSTED_PROXIES").isMissingNode());
        assertEquals("10.0.0.0/16", r.env("auth", "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").asText());
        Rendered withAlb = Chart.render(Chart.DIR.resolve("ci/irsa-and-ingress-values.yaml"));
        assertEquals("10.20.0.0/24,10.20.1.0/24,10.20.2.0/24", withAlb.env("gateway", "GATEWAY_TRUSTED_PROXIES").asText());
        assertEquals("max-age=31536000; includeSubDomains",
                r.env("gateway", "QUARKUS_HTTP_HEADER__STRICT_TRANSPORT_SECURITY__VALUE").asText());
        assertEquals("blog-images", r.env("image", "IMAGE_STORAGE_BUCKET").asText());
        assertEquals("us-east-1", r.env("image", "QUARKUS_S3_AWS_REGION").asText());
    }

    @Test
    void secretsAreReferencedNeverRendered() {
        Rendered r = Chart.render(Chart.DIR.resolve("ci/irsa-and-ingress-values.yaml"));
        assertEquals("blog-auth-rds", r.env("auth", "QUARKUS_DATASOURCE_PASSWORD").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("blog-image-rds", r.env("image", "QUARKUS_DATASOURCE_USERNAME").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("blog-bootstrap-admin", r.env("auth", "AUTH_BOOTSTRAP_ADMIN_PASSWORD").at("/valueFrom/secretKeyRef/name").asText());
        assertTrue(r.env("auth", "QUARKUS_DATASOURCE_JDBC_URL").asText().startsWith("jdbc:postgresql://"));
        assertEquals("/etc/blog-images/auth-keys/signing-2026-11.pem", r.env("auth", "AUTH_SIGNING_KEY_LOCATION").asText());
        assertEquals("/etc/blog-images/auth-keys/signing-2026-08.pem", r.env("auth", "AUTH_SIGNING_PUBLISHED_KEY_LOCATIONS").asText());
        assertEquals("blog-auth-keys", volume(r, "auth", "signing-keys").at("/secret/secretName").asText());
        assertTrue(mountAt(r, "auth", "/etc/blog-images/auth-keys").path("readOnly").asBoolean());

        Rendered defaults = Chart.render();
        assertEquals("blog-auth-db", defaults.env("auth", "QUARKUS_DATASOURCE_JDBC_URL").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("blog-auth-signing-keys", volume(defaults, "auth", "signing-keys").at("/secret/secretName").asText());
        assertEquals("/etc/blog-images/auth-keys/signing.pem", defaults.env("auth", "AUTH_SIGNING_KEY_LOCATION").asText());
        assertTrue(defaults.env("auth", "AUTH_BOOTSTRAP_ADMIN_PASSWORD").isMissingNode(), "no admin unless a Secret is named");
    }

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|USERNAME|SECRET|TOKEN|ACCESS_KEY|CREDENTIAL).*");
    private static final List<Pattern> LITERAL_CREDENTIALS = List.of(
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
            Pattern.compile("AKIA[0-9A-Z]{16}"),
            Pattern.compile("(?i)aws_secret_access_key|secret-access-key|access-key-id"),
            Pattern.compile("(?i)password\\s*[:=]\\s*\\S+"),
            Pattern.compile("(?i)postgresql://[^/\\s]*:[^/\\s]*@"));

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void noLiteralCredentials(String name, Path[] values) {
        Rendered r = Chart.render(values);
        assertTrue(r.ofKind("Secret").isEmpty(), "the chart creates no Secret");
        for (Pattern p : LITERAL_CREDENTIALS) {
            assertFalse(p.matcher(r.yaml()).find(), () -> "literal credential " + p + " in the render");
        }
        for (String service : SERVICES) {
            for (JsonNode e : r.container(service).path("env")) {
                if (SECRET_NAME.matcher(e.path("name").asText()).matches()) {
                    assertTrue(e.has("valueFrom") && !e.has("value"), () -> e + " must come from a Secret");
                }
            }
            r.of("ConfigMap", service).path("data").fieldNames().forEachRemaining(key ->
                    assertFalse(SECRET_NAME.matcher(key).matches(), () -> key + " does not belong into a ConfigMap"));
        }
    }

    @Test
    void imageServiceSpoolsUploadsToItsOwnEmptyDir() {
        Rendered r = Chart.render();
        String uploads = ServiceManifests.uploadsDirectory();
        assertEquals("uploads", mountAt(r, "image", uploads).path("name").asText());
        assertEquals("2Gi", volume(r, "image", "uploads").at("/emptyDir/sizeLimit").asText());
    }

    @Test
    void imagesComeFromTheConfiguredRegistryAndTag() {
        Rendered r = Chart.render(Chart.DIR.resolve("ci/irsa-and-ingress-values.yaml"));
        for (String service : SERVICES) {
            assertEquals("123456789012.dkr.ecr.eu-west-1.amazonaws.com/blog-images/" + service + "-quarkus:3f9c2d1",
                    r.container(service).path("image").asText());
        }
        Rendered override = Chart.render(Map.of("auth.image.tag", "hotfix-1", "global.image.tag", "2.0.0"));
        assertEquals("blog-images/auth-quarkus:hotfix-1", override.container("auth").path("image").asText());
        assertEquals("blog-images/gateway-quarkus:2.0.0", override.container("gateway").path("image").asText());
    }

    static JsonNode mountAt(Rendered r, String service, String path) {
        for (JsonNode m : r.container(service).path("volumeMounts")) {
            if (path.equals(m.path("mountPath").asText())) {
                return m;
            }
        }
        throw new AssertionError(service + " mounts nothing at " + path);
    }

    static JsonNode volume(Rendered r, String service, String name) {
        for (JsonNode v : r.podSpec(service).path("volumes")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError(service + " has no volume " + name);
    }
}
