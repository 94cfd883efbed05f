package io.blogimages.auth.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blogimages.auth.AuthConfig;
import io.blogimages.auth.api.ApiException;
import io.blogimages.auth.api.Problem;
import io.blogimages.auth.login.Credentials;
import io.blogimages.auth.user.User;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** Login, refresh (rotation) and logout. Every answer carrying a token is {@code Cache-Control: no-store}. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "tokens")
public class TokenResource {

    static final String COOKIE = "refresh_token";
    static final String COOKIE_PATH = "/api/auth";
    private static final Logger SECURITY = Logger.getLogger("io.blogimages.auth.security");

    private final Credentials credentials;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final boolean secureCookie;
    private final ObjectMapper json;

    public TokenResource(Credentials credentials, AccessTokens accessTokens, RefreshTokens refreshTokens,
                         AuthConfig config, ObjectMapper json) {
        this.credentials = credentials;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.secureCookie = config.token().cookieSecure();
        this.json = json;
    }

    @POST
    @Path("/login")
    @RunOnVirtualThread
    @Operation(summary = "Log in: an access token and a refresh token (also set as the refresh_token cookie)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "401", description = "unknown user or wrong password (the same answer for both)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "too many failed logins; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response login(@Valid @NotNull LoginRequest request, HttpServerRequest http) {
        User user = credentials.authenticate(request.username(), request.password(), clientIp(http));
        return tokens(refreshTokens.startFamily(user));
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.WILDCARD)
    @RunOnVirtualThread
    @Operation(summary = "Exchange a refresh token (body or cookie) for a new pair; the presented one is spent")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "401", description = "unknown, expired, revoked or reused refresh token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response refresh(String body, @CookieParam(COOKIE) String cookie) {
        String presented = presented(body, cookie);
        if (presented == null) {
            throw RefreshTokens.invalid();
        }
        return tokens(refreshTokens.rotate(presented));
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.WILDCARD)
    @RunOnVirtualThread
    @Operation(summary = "Revoke the login of a refresh token (body or cookie) and clear the cookie; idempotent")
    @APIResponse(responseCode = "204")
    public Response logout(String body, @CookieParam(COOKIE) String cookie, HttpServerRequest http) {
        String presented = presented(body, cookie);
        if (presented != null) {
            refreshTokens.revokeFamilyOf(presented, "logout").ifPresent(userId ->
                    SECURITY.infof("event=LOGOUT user=%s ip=%s", userId, clientIp(http)));
        }
        return Response.noContent()
                .cookie(cookie("", 0))
                .header("Cache-Control", "no-store")
                .build();
    }

    private Response tokens(RefreshTokens.Issued issued) {
        TokenResponse body = new TokenResponse(accessTokens.issue(issued.user()), "Bearer",
                accessTokens.lifetimeSeconds(), issued.token(), refreshTokens.lifetimeSeconds());
        return Response.ok(body)
                .cookie(cookie(issued.token(), (int) Math.min(Integer.MAX_VALUE, refreshTokens.lifetimeSeconds())))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(COOKIE)
                .value(value)
                .path(COOKIE_PATH)
                .httpOnly(true)
                .secure(secureCookie)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(maxAge)
                .build();
    }

    /**
     * The token from the JSON body, else from the cookie. The body is optional (a browser relying on the cookie
     * may send none, with or without a content type), hence read as text and parsed here.
     */
    private String presented(String body, String cookie) {
        if (body != null && !body.isBlank()) {
            RefreshRequest request;
            try {
                request = json.readValue(body, RefreshRequest.class);
            } catch (JsonProcessingException e) {
                throw new ApiException(400, "malformed-body", "Malformed request body",
                        "The body must be {\"refreshToken\": \"...\"} or empty.");
            }
            if (request != null && request.refreshToken() != null && !request.refreshToken().isBlank()) {
                return request.refreshToken();
            }
        }
        return cookie == null || cookie.isBlank() ? null : cookie;
    }

    /** The client's address; behind the gateway Quarkus takes it from X-Forwarded-For of trusted proxies only. */
    static String clientIp(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }
}
