package io.blogimages.auth.token;

import io.blogimages.auth.AuthConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The public signing keys, for the gateway and the image service to verify access tokens. */
@Path("/api/auth")
@PermitAll
@Tag(name = "keys")
public class JwksResource {

    static final String JWK_SET = "application/jwk-set+json";
    private final SigningKeys keys;
    private final String cacheControl;

    public JwksResource(SigningKeys keys, AuthConfig config) {
        this.keys = keys;
        // Short caching: verifiers refetch anyway when they meet an unknown kid.
        this.cacheControl = "public, max-age=" + config.signing().jwksMaxAge().toSeconds();
    }

    @GET
    @Path("/jwks")
    @Produces({"application/json", JWK_SET})
    @Operation(summary = "JWK Set of the public signing keys, each with its kid")
    public Response jwks() {
        return Response.ok(keys.jwksJson()).header("Cache-Control", cacheControl).build();
    }
}
