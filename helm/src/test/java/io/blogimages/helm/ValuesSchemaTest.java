package io.blogimages.helm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
            """)
    void rejects(String key, String value, String named) {
        var e = assertThrows(IllegalStateException.class, () -> Chart.render(Map.of(key, value)));
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
            """)
    void accepts(String key, String value) {
        Chart.render(Map.of(key, value));
    }
}
