package io.blogimages.auth.api;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.PermitAll;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Test-only endpoint (src/test): makes PostgreSQL raise a data exception (SQLState class 22) inside a request. */
@Path("/test/data-error")
@PermitAll
public class DataErrorProbe {

    private final EntityManager em;

    public DataErrorProbe(EntityManager em) {
        this.em = em;
    }

    @GET
    @Path("/{kind}")
    public String raise(@PathParam("kind") String kind) {
        return QuarkusTransaction.requiringNew().call(() -> String.valueOf(switch (kind) {
            case "nul" -> em.createNativeQuery("SELECT count(*) FROM users WHERE username = ?1")
                    .setParameter(1, "a\u0000b").getSingleResult();
            case "too-long" -> em.createNativeQuery(
                            "INSERT INTO login_failures (key, window_start, failures) VALUES (?1, now(), 0)")
                    .setParameter(1, "k".repeat(400)).executeUpdate();
            default -> em.createNativeQuery("SELECT CAST(?1 AS integer)").setParameter(1, "twelve").getSingleResult();
        }));
    }
}
