package io.blogimages.helm;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** What the services themselves declare: their application.properties and the manifest quarkus-kubernetes generates. */
final class ServiceManifests {

    private ServiceManifests() {
    }

    static Path moduleDir(String service) {
        return Chart.DIR.resolveSibling(service + "-quarkus");
    }

    /** The Deployment in target/kubernetes/kubernetes.yml, written when the service is packaged. */
    static JsonNode generatedDeployment(String service) {
        return generated(service, "Deployment");
    }

    /** The Service in target/kubernetes/kubernetes.yml. */
    static JsonNode generatedService(String service) {
        return generated(service, "Service");
    }

    private static JsonNode generated(String service, String kind) {
        Path file = moduleDir(service).resolve("target/kubernetes/kubernetes.yml");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(file + " is missing: package the services first (./mvnw -DskipTests package; "
                    + "the full build packages them before this module)");
        }
        try {
            return Chart.parseDocuments(Files.readString(file)).stream()
                    .filter(o -> kind.equals(o.path("kind").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " in " + file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties applicationProperties(String service) {
        Path file = moduleDir(service).resolve("src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** quarkus.http.body.uploads-directory of the image service, with java.io.tmpdir as in the container (/tmp). */
    static String uploadsDirectory() {
        String dir = applicationProperties("image").getProperty("quarkus.http.body.uploads-directory");
        if (dir == null) {
            throw new AssertionError("the image service no longer sets quarkus.http.body.uploads-directory");
        }
        return dir.replace("${java.io.tmpdir}", "/tmp");
    }
}
