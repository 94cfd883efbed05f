package io.blogimages.helm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** values.schema.json refuses what would make a broken or unsafe install, naming the offending value. */
class ValuesSchemaTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            gateway.replicas                          | 1                 | replicas
            auth.replicas                             | three             | replicas
            image.autoscaling.minReplicas             | 1                 | minReplicas
            gateway.autoscaling.enabled               | maybe             | enabled
            auth.image.tag                            | v1:bad            | tag
            image.image.tag                           | -leading-dash     | tag
            global.image.tag                          | with space        | tag
            gateway.image.digest                      | sha256:abc        | digest
            global.flavour                            | graal             | flavour
            auth.flavour                              | jvm17             | flavour
            unknownTopLevel                           | 1                 | unknownTopLevel
            global.unknown                            | 1                 | unknown
            gateway.replica                           | 3                 | replica
            image.storage.endpoint                    | http://minio:9000 | endpoint
            image.storage.region                      | Europe            | region
            image.serviceAccount.irsaRoleArn          | my-role           | irsaRoleArn
            gateway.ingress.certificateArn            | cert-123          | certificateArn
            gateway.ingress.scheme                    | public            | scheme
            global.networkPolicy.postgres.cidrs[0]    | rds.local         | cidrs
            global.networkPolicy.postgres.port        | 70000             | port
            global.containerSecurityContext.readOnlyRootFilesystem | false | readOnlyRootFilesystem
            global.podSecurityContext.runAsNonRoot    | false             | runAsNonRoot
            auth.database.jdbcUrl                     | mysql://db/auth   | jdbcUrl
            auth.database.password                    | hunter2-secret    | password
            gateway.extraEnv.lowercase                | x                 | lowercase
            global.tracing.samplerRatio               | 1.5               | samplerRatio
            global.tracing.samplerRatio               | 2                 | samplerRatio
            global.tracing.samplerRatio               | ten percent       | samplerRatio
            global.tracing.otlpEndpoint               | otel-collector:4317 | otlpEndpoint
            global.tracing.otlpEndpoint               | grpc://otel-collector:4317 | otlpEndpoint
            global.tracing.enabled                    | true              | enabled
            global.networkPolicy.tracingCollector.port | 0                | port
            global.networkPolicy.tracingCollector.cidrs[0] | 10.0.0.0/8   | cidrs
            """)
    void rejects(String key, String value, String named) {
        assertSchemaRejects(() -> Chart.render(Map.of(key, value)), named);
    }

    /** --set passes 1.5 as a string; a values file passes a number, which the schema's maximum catches. */
    @Test
    void rejectsASamplerRatioAboveOneFromAValuesFile(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("tracing.yaml"), """
                global:
                  tracing:
                    otlpEndpoint: http://otel-collector.observability:4317
                    samplerRatio: 1.5
                """);
        assertSchemaRejects(() -> Chart.render(values), "samplerRatio");
    }

    private static void assertSchemaRejects(Executable render, String named) {
        var e = assertThrows(IllegalStateException.class, render);
        assertTrue(e.getMessage().contains("schema"), () -> "a schema violation, not a template failure: " + e.getMessage());
        assertTrue(e.getMessage().contains(named), () -> "message should name " + named + ": " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            gateway.replicas              | 2
            auth.image.tag                | 1.2.3_rc-1
            image.image.digest            | sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            global.flavour                | native
            gateway.pdb.maxUnavailable    | 34%
            global.tracing.otlpEndpoint   | https://otlp.example.com:4317/v1
            global.tracing.samplerRatio   | 0.25
            global.tracing.samplerRatio   | 0
            """)
    void accepts(String key, String value) {
        Chart.render(Map.of(key, value));
    }
}
