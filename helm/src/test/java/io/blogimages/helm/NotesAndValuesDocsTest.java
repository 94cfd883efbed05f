package io.blogimages.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class NotesAndValuesDocsTest {

    @Test
    void notesNameTheSecretsToCreateAndHowToReachTheGateway() {
        Release release = new Helm(Chart.DIR).install().clientOnly().dryRun().withName(Chart.RELEASE)
                .withNamespace("blog-images").withKubeVersion(Chart.KUBE_VERSION)
                .withValuesFile(Chart.DIR.resolve("ci/irsa-and-ingress-values.yaml")).call();
        String notes = release.getOutput();
        for (String expected : List.of("blog-auth-rds", "blog-image-rds", "blog-auth-keys", "signing-2026-11.pem",
                "blog-bootstrap-admin", "images.example.org", "http://blog-auth:8080", "3-9 pods (HPA)")) {
            assertTrue(notes.contains(expected), () -> expected + " missing from NOTES:\n" + notes);
        }
    }

    /**
     * Every value in values.yaml is documented by a `# --` comment, on itself or on an enclosing object
     * (e.g. `podSecurityContext` is documented as a whole).
     */
    @Test
    void everyValueIsDocumented() throws IOException {
        List<String> lines = Files.readAllLines(Chart.DIR.resolve("values.yaml"));
        Deque<int[]> parents = new ArrayDeque<>(); // {indent, documented 0/1}
        List<String> undocumented = new ArrayList<>();
        boolean commentAbove = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                commentAbove = false;
                continue;
            }
            if (trimmed.startsWith("#")) {
                commentAbove |= trimmed.startsWith("# --");
                continue;
            }
            if (trimmed.startsWith("- ") || !trimmed.contains(":")) {
                continue; // list items belong to their key
            }
            int indent = line.indexOf(trimmed);
            while (!parents.isEmpty() && parents.peek()[0] >= indent) {
                parents.pop();
            }
            boolean documented = commentAbove || parents.stream().anyMatch(p -> p[1] == 1);
            String value = trimmed.substring(trimmed.indexOf(':') + 1).strip();
            if (value.isEmpty()) {
                parents.push(new int[] {indent, documented ? 1 : 0}); // an object: its children say or inherit
            } else if (!documented) {
                undocumented.add((i + 1) + ": " + trimmed);
            }
            commentAbove = false;
        }
        assertTrue(undocumented.isEmpty(), () -> "values without a # -- comment:\n" + String.join("\n", undocumented));
    }
}
