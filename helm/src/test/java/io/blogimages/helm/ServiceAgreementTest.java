package io.blogimages.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.blogimages.helm.Chart.Rendered;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chart and services cannot drift apart: ports and probe paths agree with the manifest quarkus-kubernetes generates
 * for each service, and the shutdown timeout and HTTP port with its application.properties.
 */
class ServiceAgreementTest {

    static Rendered chart;

    @BeforeAll
    static void render() {
        chart = Chart.render();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "auth", "image"})
    void containerPortAndProbesMatchTheGeneratedManifest(String service) {
        JsonNode generated = ServiceManifests.generatedDeployment(service).at("/spec/template/spec/containers/0");
        JsonNode ours = chart.container(service);

        // http and management, by name and number
        assertEquals(ports(generated), ports(ours), service);
        assertTrue(ports(ours).containsKey("management"), "the management interface is enabled in " + service);

        for (String probe : new String[] {"startupProbe", "livenessProbe", "readinessProbe"}) {
            assertEquals(generated.path(probe).at("/httpGet/path").asText(), ours.path(probe).at("/httpGet/path").asText(),
                    probe + " of " + service);
            assertEquals(generated.path(probe).at("/httpGet/port").asInt(), portNumber(ours, ours.path(probe).at("/httpGet/port")),
                    probe + " port of " + service);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "auth", "image"})
    void metricsAreScrapedWhereTheGeneratedManifestSaysAndTheServiceExposesOnlyHttp(String service) {
        JsonNode generated = ServiceManifests.generatedDeployment(service).at("/spec/template/metadata/annotations");
        JsonNode ours = chart.of("Deployment", service).at("/spec/template/metadata/annotations");
        for (String key : new String[] {"prometheus.io/scrape", "prometheus.io/path", "prometheus.io/port", "prometheus.io/scheme"}) {
            assertEquals(generated.path(key).asText(), ours.path(key).asText(), key + " of " + service);
        }
        // the generated Service and ours lead to the same container ports: http only, never management
        Map<String, Integer> containerPorts = ports(chart.container(service));
        Set<Integer> generatedTargets = new HashSet<>();
        for (JsonNode port : ServiceManifests.generatedService(service).at("/spec/ports")) {
            generatedTargets.add(port.path("targetPort").asInt());
        }
        Set<Integer> ourTargets = new HashSet<>();
        for (JsonNode port : chart.of("Service", service).at("/spec/ports")) {
            ourTargets.add(containerPorts.get(port.path("targetPort").asText()));
        }
        assertEquals(generatedTargets, ourTargets, service);
        assertFalse(ourTargets.contains(containerPorts.get("management")), service);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "auth", "image"})
    void httpPortAndShutdownTimeoutMatchTheApplication(String service) {
        var properties = ServiceManifests.applicationProperties(service);
        assertEquals(properties.getProperty("quarkus.http.port"), chart.env(service, "QUARKUS_HTTP_PORT").asText());
        assertEquals("true", properties.getProperty("quarkus.management.enabled"), service);
        assertEquals(properties.getProperty("quarkus.management.port"), chart.env(service, "QUARKUS_MANAGEMENT_PORT").asText());
        assertEquals(properties.getProperty("quarkus.management.port"),
                String.valueOf(ports(chart.container(service)).get("management")), service);
        assertEquals(properties.getProperty("quarkus.kubernetes.ports.http.container-port"),
                chart.container(service).at("/ports/0/containerPort").asText());

        Duration appTimeout = Duration.parse("PT" + properties.getProperty("quarkus.shutdown.timeout").toUpperCase(Locale.ROOT));
        Duration chartTimeout = Duration.parse("PT" + chart.env(service, "QUARKUS_SHUTDOWN_TIMEOUT").asText().toUpperCase(Locale.ROOT));
        assertEquals(appTimeout, chartTimeout, service);
        long grace = chart.podSpec(service).path("terminationGracePeriodSeconds").asLong();
        long preStop = chart.container(service).at("/lifecycle/preStop/sleep/seconds").asLong();
        assertTrue(grace > preStop + appTimeout.toSeconds(), service);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "auth", "image"})
    void jibImageMatchesWhatTheChartRuns(String service) {
        var properties = ServiceManifests.applicationProperties(service);
        assertEquals("false", properties.getProperty("quarkus.container-image.build"), "images are built on request only");
        assertEquals("quay.io/quarkus/quarkus-micro-image:2.0", properties.getProperty("quarkus.jib.base-native-image"));
        assertTrue(properties.getProperty("quarkus.jib.base-jvm-image", "").contains("openjdk-21-runtime"));
        // the image's user is the one the chart runs the pod as (non-root)
        assertEquals(chart.container(service).at("/securityContext/runAsUser").asText(), properties.getProperty("quarkus.jib.user"));
        for (String label : new String[] {"source", "revision", "version"}) {
            assertTrue(properties.containsKey("quarkus.container-image.labels.\"org.opencontainers.image." + label + "\""), label);
        }
        // group/name of the pushed image is the chart's default repository
        String repository = properties.getProperty("quarkus.container-image.group") + "/"
                + properties.getProperty("quarkus.application.name");
        assertTrue(chart.container(service).path("image").asText().startsWith(repository + ":"), repository);
    }

    /** The container ports of a container, name to number. */
    private static Map<String, Integer> ports(JsonNode container) {
        Map<String, Integer> ports = new TreeMap<>();
        for (JsonNode p : container.path("ports")) {
            ports.put(p.path("name").asText(), p.path("containerPort").asInt());
        }
        return ports;
    }

    /** A probe port is a number or the name of a container port. */
    private static int portNumber(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (port.asText().equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + port);
    }
}
