package io.blogimages.auth.token;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The JWK Set at its well-known location (a root of its own: JAX-RS matches resource classes by root path). */
@Path("/.well-known")
@PermitAll
@Tag(name = "keys")
public class WellKnownJwksResource {

    private final JwksResource jwks;

    public WellKnownJwksResource(JwksResource jwks) {
        this.jwks = jwks;
    }

    @GET
    @Path("/jwks.json")
    @Produces({"application/json", JwksResource.JWK_SET})
    @Operation(summary = "The same JWK Set as /api/auth/jwks")
    public Response jwks() {
        return jwks.jwks();
    }
}
