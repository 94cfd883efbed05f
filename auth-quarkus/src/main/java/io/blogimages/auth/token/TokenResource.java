package io.blogimages.auth.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blogimages.auth.api.ApiException;
import io.blogimages.auth.api.LogText;
import io.blogimages.auth.api.Problem;
import io.blogimages.auth.login.Credentials;
import io.blogimages.auth.login.DeviceCookies;
import io.blogimages.auth.user.User;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
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

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Login, refresh (rotation) and logout. Every answer carrying a token is {@code Cache-Control: no-store}. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "tokens")
public class TokenResource {

    private static final Logger SECURITY = Logger.getLogger("io.blogimages.auth.security");

    private final Credentials credentials;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final RefreshCookies cookies;
    private final DeviceCookies deviceCookies;
    private final CsrfGuard csrfGuard;
    private final ObjectMapper json;
    private final Validator validator;
    private final Clock clock;

    public TokenResource(Credentials credentials, AccessTokens accessTokens, RefreshTokens refreshTokens,
                         RefreshCookies cookies, DeviceCookies deviceCookies, CsrfGuard csrfGuard, ObjectMapper json,
                         Validator validator, Clock clock) {
        this.credentials = credentials;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.cookies = cookies;
        this.deviceCookies = deviceCookies;
        this.csrfGuard = csrfGuard;
        this.json = json;
        this.validator = validator;
        this.clock = clock;
    }

    @POST
    @Path("/login")
    @RunOnVirtualThread
    @Operation(summary = "Log in: an access token and a refresh token",
            description = "With \"client\":\"api\" (the default) the refresh token is in the body and in the "
                    + "refresh_token cookie (Path /api/auth). With \"client\":\"browser\" it is only in the "
                    + "__Host-refresh_token cookie (Path /), and the body has no refreshToken. Every success also "
                    + "sets the __Host-device cookie: failed logins from that device are counted for it alone.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "400", description = "invalid fields (control characters, too long, unknown client)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "unknown user or wrong password (the same answer for both)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "too many failed logins for this account (untrusted clients), "
            + "this device or this address; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response login(@Valid @NotNull LoginRequest request, @CookieParam(DeviceCookies.NAME) String deviceCookie,
                          HttpServerRequest http) {
        var device = deviceCookies.deviceOf(deviceCookie, User.normalize(request.username()));
        User user = credentials.authenticate(request.username(), request.password(), clientIp(http), device);
        // the device cookie first: clients that read one Set-Cookie read the last, the contract's refresh cookie
        return tokens(refreshTokens.startFamily(user, request.mode()), deviceCookies.issue(user.username)).build();
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.WILDCARD)
    @RunOnVirtualThread
    @Operation(summary = "Exchange a refresh token (body, or the __Host-refresh_token or refresh_token cookie) for a "
            + "new pair; the presented one is spent",
            description = "Needs Content-Type: application/json (a body of {} when a cookie carries the token) and, "
                    + "when the request has an Origin, the origin it was sent to. Answers the way the login was made "
                    + "(api or browser).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "400", description = "malformed body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "unknown, expired, revoked or reused refresh token, or the "
            + "login is older than its maximum lifetime",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "an Origin other than the one the request was sent to",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "not Content-Type: application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response refresh(String body, @CookieParam(RefreshCookies.BROWSER) String browserCookie,
                            @CookieParam(RefreshCookies.API) String apiCookie, HttpServerRequest http) {
        csrfGuard.check(http);
        String presented = presented(body, browserCookie, apiCookie);
        if (presented == null) {
            throw RefreshTokens.invalid();
        }
        return tokens(refreshTokens.rotate(presented)).build();
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.WILDCARD)
    @RunOnVirtualThread
    @Operation(summary = "Revoke the login of a refresh token (body or either cookie) and clear the cookies sent; "
            + "idempotent", description = "The same Content-Type and Origin rules as refresh.")
    @APIResponse(responseCode = "204")
    @APIResponse(responseCode = "403", description = "an Origin other than the one the request was sent to",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "not Content-Type: application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response logout(String body, @CookieParam(RefreshCookies.BROWSER) String browserCookie,
                           @CookieParam(RefreshCookies.API) String apiCookie, HttpServerRequest http) {
        csrfGuard.check(http);
        String presented = presented(body, browserCookie, apiCookie);
        if (presented != null) {
            refreshTokens.revokeFamilyOf(presented, "logout").ifPresent(userId ->
                    SECURITY.infof("event=LOGOUT user=%s ip=%s", userId, LogText.escape(clientIp(http))));
        }
        Response.ResponseBuilder response = Response.noContent().header("Cache-Control", "no-store");
        // Clear the cookies the client sent; with none, the contract's cookie as before.
        List<String> sent = new ArrayList<>();
        if (browserCookie != null) {
            sent.add(RefreshCookies.BROWSER);
        }
        if (apiCookie != null || sent.isEmpty()) {
            sent.add(RefreshCookies.API);
        }
        sent.forEach(name -> response.cookie(cookies.cleared(name)));
        return response.build();
    }

    private Response.ResponseBuilder tokens(RefreshTokens.Issued issued, NewCookie... before) {
        // rounded up: a login's token issued a millisecond ago still says the full 14 days
        long refreshExpiresIn = Math.max(0, (Duration.between(clock.instant(), issued.expiresAt()).toMillis() + 999) / 1000);
        boolean browser = issued.mode() == ClientMode.BROWSER;
        TokenResponse body = new TokenResponse(accessTokens.issue(issued.user()), "Bearer",
                accessTokens.lifetimeSeconds(), browser ? null : issued.token(), refreshExpiresIn);
        return Response.ok(body)
                .cookie(before)
                .cookie(cookies.carrying(issued.mode(), issued.token(), refreshExpiresIn))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
    }

    /**
     * The token from the JSON body, else from the browser cookie, else from the API cookie. The body may be empty
     * (a browser relying on the cookie), hence read as text and parsed and validated here.
     */
    private String presented(String body, String browserCookie, String apiCookie) {
        if (body != null && !body.isBlank()) {
            RefreshRequest request;
            try {
                request = json.readValue(body, RefreshRequest.class);
            } catch (JsonProcessingException e) {
                throw new ApiException(400, "malformed-body", "Malformed request body",
                        "The body must be {\"refreshToken\": \"...\"} or {}.");
            }
            if (request != null) {
                Set<ConstraintViolation<RefreshRequest>> violations = validator.validate(request);
                if (!violations.isEmpty()) {
                    throw new ConstraintViolationException(violations);
                }
                if (request.refreshToken() != null && !request.refreshToken().isBlank()) {
                    return request.refreshToken();
                }
            }
        }
        for (String cookie : new String[] {browserCookie, apiCookie}) {
            if (cookie != null && !cookie.isBlank()) {
                return cookie;
            }
        }
        return null;
    }

    /** The client's address; behind the gateway Quarkus takes it from X-Forwarded-For of trusted proxies only. */
    static String clientIp(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }
}
