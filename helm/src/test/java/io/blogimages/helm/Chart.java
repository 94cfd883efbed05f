package io.blogimages.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The chart under test: renders it with embedded Helm and parses the result into objects to assert on.
 * The module's base directory is the chart's directory.
 */
final class Chart {

    static final Path DIR = Path.of("").toAbsolutePath();
    static final String RELEASE = "blog";
    /** The EKS version the chart targets (Chart.yaml kubeVersion: the preStop sleep action needs 1.30+). */
    static final String KUBE_VERSION = "1.32.0";
    static final List<String> SERVICES = List.of("gateway", "auth", "image");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Chart() {
    }

    /** The ci/*-values.yaml files, sorted. */
    static List<Path> ciValuesFiles() {
        try (Stream<Path> files = Files.list(DIR.resolve("ci"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rendered render(Map<String, String> set, Path... valuesFiles) {
        TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace("blog-images")
                .withKubeVersion(KUBE_VERSION);
        for (Path file : valuesFiles) {
            template = template.withValuesFile(file);
        }
        for (Map.Entry<String, String> e : set.entrySet()) {
            template = template.set(e.getKey(), e.getValue());
        }
        return Rendered.parse(template.call());
    }

    static Rendered render(Path... valuesFiles) {
        return render(Map.of(), valuesFiles);
    }

    /** Parses multi-document YAML into its documents (empty ones skipped). */
    static List<JsonNode> parseDocuments(String yaml) {
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            List<JsonNode> documents = new ArrayList<>();
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
                    documents.add(doc);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A rendered release: its text and its objects. */
    record Rendered(String yaml, List<JsonNode> objects) {

        static Rendered parse(String yaml) {
            return new Rendered(yaml, parseDocuments(yaml));
        }

        List<JsonNode> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        }

        Optional<JsonNode> find(String kind, String name) {
            return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
        }

        JsonNode get(String kind, String name) {
            return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the render"));
        }

        /** The object of a service, e.g. get("Deployment", "auth") is blog-auth. */
        JsonNode of(String kind, String service) {
            return get(kind, RELEASE + "-" + service);
        }

        JsonNode container(String service) {
            return of("Deployment", service).path("spec").path("template").path("spec").path("containers").path(0);
        }

        JsonNode podSpec(String service) {
            return of("Deployment", service).path("spec").path("template").path("spec");
        }

        /** The value of an environment variable of a service: ConfigMap entry or the env entry itself. */
        JsonNode env(String service, String name) {
            for (JsonNode e : container(service).path("env")) {
                if (name.equals(e.path("name").asText())) {
                    return e;
                }
            }
            JsonNode fromConfig = of("ConfigMap", service).path("data").path(name);
            return fromConfig.isMissingNode() ? MissingNode.getInstance() : fromConfig;
        }
    }
}
