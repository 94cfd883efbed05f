package io.blogimages.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartLintTest {

    @Test
    void strictLintPasses() {
        LintResult result = new Helm(Chart.DIR).lint().strict().call();

        assertFalse(result.isFailed(), () -> "helm lint --strict: " + result.getMessages());
        // strict lint fails on warnings; what is left may only be information (e.g. "icon is recommended")
        assertTrue(result.getMessages().stream().allMatch(m -> m.startsWith("[INFO]")), () -> result.getMessages().toString());
    }

    @Test
    void thePackagedChartHoldsNoMavenFiles() throws IOException {
        Path destination = Files.createDirectories(Chart.DIR.resolve("target/chart"));
        new Helm(Chart.DIR).packageIt().withDestination(destination).call();
        Path tgz = destination.resolve("blog-images-0.1.0.tgz");
        List<String> entries = tarEntries(tgz);

        assertTrue(entries.contains("blog-images/values.schema.json"), entries::toString);
        assertTrue(entries.contains("blog-images/templates/gateway/ingress.yaml"), entries::toString);
        assertTrue(entries.contains("blog-images/ci/minimal-values.yaml"), entries::toString);
        assertEquals(List.of(), entries.stream()
                .filter(e -> e.endsWith("pom.xml") || e.contains("/src/") || e.contains("/target/")).toList());
    }

    /** Names in a .tgz (ustar headers: name in the first 100 bytes, size in octal at 124). */
    private static List<String> tarEntries(Path tgz) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = new String(header, 0, 100, java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "");
                String prefix = new String(header, 345, 155, java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "");
                long size = Long.parseLong(new String(header, 124, 11, java.nio.charset.StandardCharsets.US_ASCII).trim(), 8);
                names.add(prefix.isEmpty() ? name : prefix + "/" + name);
                in.skipNBytes((size + 511) / 512 * 512);
            }
        }
        return names;
    }
}
