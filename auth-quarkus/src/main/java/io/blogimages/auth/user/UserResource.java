package io.blogimages.auth.user;

import io.blogimages.auth.api.ApiException;
import io.blogimages.auth.api.Problem;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Signup, the caller's own account, and the admin's role changes. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {

    private final Users users;
    private final JsonWebToken caller;

    public UserResource(Users users, JsonWebToken caller) {
        this.users = users;
        this.caller = caller;
    }

    @POST
    @Path("/signup")
    @PermitAll
    @RunOnVirtualThread
    @Operation(summary = "Create an account with role user")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "400", description = "invalid username or password",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "username taken",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response signup(@Valid @NotNull SignupRequest request) {
        User user = users.create(request.username(), request.password(), List.of(Role.USER));
        return Response.created(URI.create("/api/auth/users/" + user.username))
                .entity(UserResponse.of(user))
                .build();
    }

    @GET
    @Path("/me")
    @RolesAllowed({Role.USER, Role.ADMIN})
    @RunOnVirtualThread
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The caller's account")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MeResponse.class)))
    @APIResponse(responseCode = "401", description = "missing or invalid access token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MeResponse me() {
        // The token may outlive the account (deleted or disabled since): the database has the last word.
        User user = users.find(UUID.fromString(caller.getSubject()))
                .filter(found -> !found.disabled)
                .orElseThrow(() -> new ApiException(401, "invalid-token", "Unauthorized",
                        "The account of this token no longer exists or is disabled.",
                        Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
        return new MeResponse(user.id, user.username, user.sortedRoles());
    }

    @PUT
    @Path("/users/{username}/roles")
    @RolesAllowed(Role.ADMIN)
    @RunOnVirtualThread
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Replace a user's roles (admin only)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "403", description = "the caller is not an admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "unknown user",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public UserResponse setRoles(@PathParam("username") String username, @Valid @NotNull RolesRequest request) {
        return UserResponse.of(users.setRoles(username, request.roles(), caller.getSubject()));
    }
}
