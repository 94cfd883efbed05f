package io.blogimages.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hosted CI workflows cannot run here; this checks their structure: the jobs exist, the native matrix covers
 * every service, the image job alone may mint an OIDC token and pushes with Jib, actions are pinned.
 */
class WorkflowsTest {

    static final Path WORKFLOWS = Chart.DIR.resolveSibling(".github/workflows");
    static Path ciFile;
    static JsonNode ci;
    static String ciText;

    @BeforeAll
    static void parse() throws IOException {
        ciFile = WORKFLOWS.resolve("ci.yml");
        ciText = Files.readString(ciFile);
        ci = Chart.YAML.readTree(ciText);
    }

    @Test
    void everyWorkflowIsValidYamlWithJobsThatRunSomething() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(WORKFLOWS)) {
            files = list.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).toList();
        }
        assertFalse(files.isEmpty());
        for (Path file : files) {
            JsonNode workflow = Chart.YAML.readTree(Files.readString(file));
            assertTrue(workflow.hasNonNull("name"), file + " has a name");
            assertTrue(workflow.has("on") || workflow.has("true"), file + " has triggers");
            assertTrue(workflow.path("jobs").size() > 0, file + " has jobs");
            workflow.path("jobs").fields().forEachRemaining(job -> {
                assertTrue(job.getValue().has("runs-on"), job.getKey() + " has runs-on");
                assertTrue(job.getValue().path("steps").size() > 0, job.getKey() + " has steps");
                for (JsonNode step : job.getValue().path("steps")) {
                    assertTrue(step.has("run") ^ step.has("uses"), job.getKey() + ": a step runs or uses: " + step);
                    if (step.has("uses")) {
                        assertTrue(step.path("uses").asText().matches("[\\w.-]+/[\\w./-]+@v\\d+"),
                                "actions are pinned to a major version: " + step.path("uses"));
                    }
                }
            });
        }
    }

    @Test
    void runsOnPushesToMainAndPullRequests() {
        JsonNode on = ci.has("on") ? ci.path("on") : ci.path("true");
        assertTrue(on.path("push").path("branches").toString().contains("main"));
        assertTrue(on.has("pull_request"));
        assertEquals("read", ci.at("/permissions/contents").asText(), "read-only token by default");
        assertTrue(ci.at("/permissions/id-token").isMissingNode(), "no OIDC token by default");
    }

    @Test
    void jvmJobBuildsAndTestsOnJdk21WithChromium() {
        JsonNode job = job("jvm");
        JsonNode java = step(job, "actions/setup-java");
        assertEquals("temurin", java.at("/with/distribution").asText());
        assertEquals("21", java.at("/with/java-version").asText());
        assertTrue(runs(job).stream().anyMatch(r -> r.contains("apt-get install") && r.contains("chromium")),
                "installs Debian's chromium for the browser test");
        assertTrue(runs(job).stream().anyMatch(r -> r.contains("./mvnw -B verify")));
    }

    @Test
    void nativeJobBuildsEveryServiceWithMandrelAndRunsItsIntegrationTests() {
        JsonNode job = job("native");
        assertEquals(Set.of("jvm"), strings(job.path("needs")));
        assertEquals(quarkusModules(), strings(job.at("/strategy/matrix/service")));
        String build = runs(job).stream().filter(r -> r.contains("-Pnative")).findFirst()
                .orElseThrow(() -> new AssertionError("no -Pnative build"));
        assertTrue(build.contains("verify"), "verify runs the *IT tests against the executable");
        assertTrue(build.contains("-Dquarkus.native.container-build=true"));
        assertTrue(build.contains("-pl ${{ matrix.service }}"));
        assertTrue(build.contains("-Dquarkus.native.builder-image=${{ env.MANDREL_BUILDER }}"));
        assertEquals("quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21", ci.at("/env/MANDREL_BUILDER").asText());
        assertFalse(build.contains("skipITs"));
    }

    @Test
    void chartJobRunsTheChartTests() {
        assertTrue(runs(job("chart")).stream().anyMatch(r -> r.contains("-pl helm verify")));
    }

    @Test
    void imagesArePushedToEcrFromMainWithAnOidcRole() {
        JsonNode job = job("images");
        assertEquals(Set.of("jvm", "native", "chart"), strings(job.path("needs")), "only green builds are pushed");
        assertTrue(job.path("if").asText().contains("refs/heads/main"));
        assertTrue(job.path("if").asText().contains("push"));
        assertEquals("write", job.at("/permissions/id-token").asText());
        assertEquals(quarkusModules(), strings(job.at("/strategy/matrix/service")));
        JsonNode aws = step(job, "aws-actions/configure-aws-credentials");
        assertTrue(aws.at("/with/role-to-assume").asText().contains("vars."), "the role comes from a repository variable");
        assertTrue(aws.at("/with/aws-access-key-id").isMissingNode(), "no static keys");
        step(job, "aws-actions/amazon-ecr-login");
        List<String> pushes = runs(job).stream().filter(r -> r.contains("-Dquarkus.container-image.push=true")).toList();
        assertEquals(2, pushes.size(), "a JVM and a native image");
        assertTrue(pushes.stream().allMatch(r -> r.contains("-Dquarkus.container-image.registry=${{ steps.ecr.outputs.registry }}")));
        assertTrue(pushes.stream().anyMatch(r -> r.contains("-Pnative") && r.contains("-native")));

        // no other job may mint an OIDC token
        ci.path("jobs").fields().forEachRemaining(e -> {
            if (!e.getKey().equals("images")) {
                assertTrue(e.getValue().at("/permissions/id-token").isMissingNode(), e.getKey());
            }
        });
        assertFalse(ciText.contains("AWS_SECRET_ACCESS_KEY") || ciText.contains("aws-secret-access-key"));
    }

    private static JsonNode job(String name) {
        JsonNode job = ci.path("jobs").path(name);
        assertFalse(job.isMissingNode(), "job " + name);
        return job;
    }

    private static JsonNode step(JsonNode job, String action) {
        for (JsonNode step : job.path("steps")) {
            if (step.path("uses").asText().startsWith(action + "@")) {
                return step;
            }
        }
        throw new AssertionError("no step uses " + action);
    }

    private static List<String> runs(JsonNode job) {
        List<String> runs = new ArrayList<>();
        job.path("steps").forEach(s -> {
            if (s.has("run")) {
                runs.add(s.path("run").asText().replaceAll("\\s+", " "));
            }
        });
        return runs;
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> result = new HashSet<>();
        if (node.isArray()) {
            node.forEach(n -> result.add(n.asText()));
        } else if (!node.isMissingNode()) {
            result.add(node.asText());
        }
        return result;
    }

    /** The Quarkus services among the parent's modules: every one needs a native build and an image. */
    static Set<String> quarkusModules() {
        try {
            String pom = Files.readString(Chart.DIR.resolveSibling("pom.xml"));
            Set<String> modules = new HashSet<>();
            Matcher m = Pattern.compile("<module>([^<]+-quarkus)</module>").matcher(pom);
            while (m.find()) {
                modules.add(m.group(1));
            }
            assertEquals(3, modules.size(), modules::toString);
            return modules;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
