package io.blogimages.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.blogimages.helm.Chart.Rendered;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.blogimages.helm.Chart.RELEASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Default deny, then per service: who may connect (ingress) and where it may connect to (egress).
 * Peers are summarised as strings: "pod:gateway", "scraper", "dns", "collector", "cidr:10.0.0.0/8:5432", "any:8080".
 */
class NetworkPolicyTest {

    @Test
    void defaultDenyCoversEveryPodOfTheRelease() {
        Rendered r = Chart.render();
        JsonNode deny = r.get("NetworkPolicy", RELEASE + "-default-deny").path("spec");
        assertEquals(Set.of("Ingress", "Egress"), strings(deny.path("policyTypes")));
        assertTrue(deny.path("ingress").isMissingNode() && deny.path("egress").isMissingNode(), "no allow rules");
        for (String service : Chart.SERVICES) {
            JsonNode podLabels = r.of("Deployment", service).at("/spec/template/metadata/labels");
            deny.at("/podSelector/matchLabels").fields().forEachRemaining(e ->
                    assertEquals(e.getValue(), podLabels.path(e.getKey()), service));
            assertEquals(r.of("Deployment", service).at("/spec/selector/matchLabels"),
                    r.of("NetworkPolicy", service).at("/spec/podSelector/matchLabels"));
        }
    }

    @Test
    void authAndImageAcceptOnlyTheGatewayTheirCallersAndTheScraper() {
        Rendered r = Chart.render();
        assertEquals(Set.of("any:8080", "scraper:9000"), ingress(r, "gateway"));
        assertEquals(Set.of("pod:gateway:8080", "pod:image:8080", "scraper:9000"), ingress(r, "auth"));
        assertEquals(Set.of("pod:gateway:8080", "scraper:9000"), ingress(r, "image"));
    }

    @Test
    void theManagementPortIsReachableOnlyByTheScraperAndTheAlbHealthChecks() {
        Rendered r = Chart.render(Chart.DIR.resolve("ci/irsa-and-ingress-values.yaml"));
        Set<String> albSubnets = Set.of("10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24");
        Set<String> expected = new HashSet<>(Set.of("scraper:9000"));
        for (String cidr : albSubnets) {
            expected.add("cidr:" + cidr + ":8080");
            expected.add("cidr:" + cidr + ":9000"); // the ALB's target health checks
        }
        assertEquals(expected, ingress(r, "gateway"));
        for (String service : List.of("auth", "image")) {
            assertTrue(ingress(r, service).stream().filter(p -> p.endsWith(":9000")).allMatch(p -> p.equals("scraper:9000")),
                    service);
        }
    }

    @Test
    void egressOnlyToDnsDatabaseS3AndTheServicesEachCalls() {
        Rendered r = Chart.render();
        assertEquals(Set.of("dns:53/UDP", "dns:53/TCP", "pod:auth:8080", "pod:image:8080"), egress(r, "gateway"));
        assertEquals(Set.of("dns:53/UDP", "dns:53/TCP", "cidr:10.0.0.0/8:5432"), egress(r, "auth"));
        assertEquals(Set.of("dns:53/UDP", "dns:53/TCP", "cidr:10.0.0.0/8:5432", "cidr:0.0.0.0/0:443", "pod:auth:8080"),
                egress(r, "image"));
    }

    @Test
    void peersFollowTheValues() {
        Rendered r = Chart.render(Chart.DIR.resolve("ci/custom-networkpolicy-values.yaml"));
        assertEquals(Set.of("cidr:10.30.0.0/16:8080", "scraper:9000"), ingress(r, "gateway"));
        assertEquals(Set.of("dns:53/UDP", "dns:53/TCP", "cidr:10.30.10.0/24:6432", "cidr:10.30.11.0/24:6432",
                "cidr:10.30.12.0/24:6432", "cidr:0.0.0.0/0:443", "pod:auth:8080"), egress(r, "image"));

        JsonNode scraper = r.of("NetworkPolicy", "auth").at("/spec/ingress/1/from/0");
        assertEquals("observability", scraper.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText());
        assertEquals("kube-prometheus-stack-prometheus", scraper.at("/podSelector/matchLabels/prometheus").asText());
        JsonNode dns = r.of("NetworkPolicy", "image").at("/spec/egress/0/to/0");
        assertEquals("node-local-dns", dns.at("/podSelector/matchLabels/k8s-app").asText());
        assertEquals("169.254.169.254/32", r.of("NetworkPolicy", "image").at("/spec/egress/2/to/0/ipBlock/except/0").asText());
    }

    @Test
    void canBeSwitchedOffAsAWhole() {
        Rendered r = Chart.render(Chart.DIR.resolve("ci/minimal-values.yaml"));
        assertTrue(r.ofKind("NetworkPolicy").isEmpty());
    }

    @Test
    void theScraperRuleCanBeDropped() {
        Rendered r = Chart.render(Map.of("global.networkPolicy.metricsScraper.enabled", "false"));
        assertEquals(Set.of("pod:gateway:8080"), ingress(r, "image"));
    }

    @Test
    void everyServiceReachesTheTracingCollectorOnlyWhileTracingIsOn() {
        Rendered defaults = Chart.render();
        Rendered r = Chart.render(Chart.DIR.resolve("ci/tracing-values.yaml"));
        for (String service : Chart.SERVICES) {
            Set<String> expected = new HashSet<>(egress(defaults, service));
            expected.add("collector:14317");
            assertEquals(expected, egress(r, service), service);
            assertEquals(ingress(defaults, service), ingress(r, service), service);

            JsonNode rule = collectorRule(r, service);
            assertEquals(1, rule.path("to").size(), service);
            JsonNode collector = rule.at("/to/0");
            assertEquals("telemetry", collector.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText());
            assertEquals("otel-collector", collector.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText());
            assertEquals("opentelemetry-collector", collector.at("/podSelector/matchLabels/app.kubernetes.io~1component").asText());
            assertEquals("TCP", rule.at("/ports/0/protocol").asText());
        }

        // the defaults: the opentelemetry-collector chart's pods in `observability`, OTLP/gRPC
        Rendered endpointOnly = Chart.render(Map.of("global.tracing.otlpEndpoint", "http://otel-collector.observability:4317"));
        JsonNode collector = collectorRule(endpointOnly, "auth").at("/to/0");
        assertEquals("observability", collector.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText());
        assertEquals("opentelemetry-collector", collector.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText());
        assertTrue(egress(endpointOnly, "auth").contains("collector:4317"));

        // a collector block without an endpoint opens nothing
        Rendered noEndpoint = Chart.render(Map.of("global.networkPolicy.tracingCollector.port", "14317"));
        for (String service : Chart.SERVICES) {
            assertEquals(egress(defaults, service), egress(noEndpoint, service), service);
        }
    }

    private static JsonNode collectorRule(Rendered r, String service) {
        for (JsonNode rule : r.of("NetworkPolicy", service).at("/spec/egress")) {
            for (JsonNode peer : rule.path("to")) {
                if (peer(peer).equals("collector")) {
                    return rule;
                }
            }
        }
        throw new AssertionError(service + " has no egress rule to the tracing collector");
    }

    private static Set<String> ingress(Rendered r, String service) {
        JsonNode spec = r.of("NetworkPolicy", service).path("spec");
        assertEquals(Set.of("Ingress", "Egress"), strings(spec.path("policyTypes")));
        return rules(spec.path("ingress"), "from");
    }

    private static Set<String> egress(Rendered r, String service) {
        return rules(r.of("NetworkPolicy", service).at("/spec/egress"), "to");
    }

    private static Set<String> rules(JsonNode rules, String direction) {
        Set<String> result = new HashSet<>();
        for (JsonNode rule : rules) {
            List<String> peers = new java.util.ArrayList<>();
            if (!rule.has(direction)) {
                peers.add("any");
            }
            for (JsonNode peer : rule.path(direction)) {
                peers.add(peer(peer));
            }
            for (String p : peers) {
                for (JsonNode port : rule.path("ports")) {
                    String suffix = p.equals("dns") ? ":" + port.path("port").asInt() + "/" + port.path("protocol").asText()
                            : ":" + port.path("port").asInt();
                    result.add(p + suffix);
                }
            }
        }
        return result;
    }

    private static String peer(JsonNode peer) {
        if (peer.has("ipBlock")) {
            return "cidr:" + peer.at("/ipBlock/cidr").asText();
        }
        if (peer.has("namespaceSelector")) {
            String selectors = peer.toString();
            return selectors.contains("dns") ? "dns" : selectors.contains("collector") ? "collector" : "scraper";
        }
        JsonNode labels = peer.at("/podSelector/matchLabels");
        assertEquals(RELEASE, labels.path("app.kubernetes.io/instance").asText(), "peers are pods of this release");
        return "pod:" + labels.path("app.kubernetes.io/component").asText();
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> result = new HashSet<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }
}
