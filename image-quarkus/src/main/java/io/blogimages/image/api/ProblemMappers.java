package io.blogimages.image.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.sql.SQLTransientConnectionException;
import java.util.Comparator;
import java.util.List;

/**
 * Turns every failure into an {@code application/problem+json} answer. Bad input never becomes a 500; an
 * unreachable S3 or database becomes 503 with {@code Retry-After}; anything unexpected is logged here (with
 * its stack trace, server side only) and answered with a bare 500.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @ServerExceptionMapper
    public Response api(ApiException e, HttpServerRequest request) {
        logRefusedWrite(request, e.status(), e.getMessage());
        Response.ResponseBuilder response = Problems.response(request, e.status(), e.slug(), e.getMessage(), e.errors());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        logRefusedWrite(request, 400, errors.toString());
        return Problems.response(request, 400, null, "the request is not valid", errors).build();
    }

    /**
     * A refused write (upload, thumbnail choice, deletion) is a security event worth a line: who tried what shows
     * in the request ID and path. Reads are not logged (crawlers ask for unknown keys all day). The detail may
     * quote client input; ControlCharacterEscaping keeps it on one line.
     */
    private static void logRefusedWrite(HttpServerRequest request, int status, String detail) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            LOG.infof("refused %s %s: %d %s", request.method(), request.path(), status, detail);
        }
    }

    private static String fieldName(ConstraintViolation<?> violation) {
        String name = null;
        for (Path.Node node : violation.getPropertyPath()) {
            name = node.getName();
        }
        return name == null ? "request" : name;
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return Problems.response(request, 400, null, "the request body is not valid JSON of the expected shape", null)
                .build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method " + request.method() + " is not allowed here";
            case 406 -> "no acceptable representation";
            case 413 -> "the request body is too large";
            case 415 -> "unsupported request content type";
            default -> status >= 500 ? "the request could not be completed" : "the request could not be processed";
        };
        Response.ResponseBuilder response = Problems.response(request, status, null, detail, null);
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    /**
     * A bare IOException reaching here comes from reading the request (our own file handling wraps its
     * IOExceptions): a malformed or cut-off multipart body, a client error.
     */
    @ServerExceptionMapper
    public Response unreadableBody(java.io.IOException e, HttpServerRequest request) {
        LOG.debugf("unreadable request body: %s", e.getMessage());
        return Problems.response(request, 400, "malformed-body",
                "the request body could not be read as multipart/form-data", null).build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthorized(RuntimeException e, HttpServerRequest request) {
        return Problems.response(request, 401, null, "a valid bearer access token is required", null)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return Problems.response(request, 403, null, "this operation needs the admin role", null).build();
    }

    @ServerExceptionMapper
    public Response unavailable(ServiceUnavailableException e, HttpServerRequest request) {
        LOG.warnf("%s unavailable: %s", e.dependency(), rootMessage(e));
        return unavailable(request, e.dependency());
    }

    @ServerExceptionMapper
    public Response any(Throwable e, HttpServerRequest request) {
        String dependency = unreachableDependency(e);
        if (dependency != null) {
            LOG.warnf("%s unavailable: %s", dependency, rootMessage(e));
            return unavailable(request, dependency);
        }
        if (isDataError(e)) {
            // SQLState class 22 (data exception: a NUL byte, a value too long, a number out of range) is the
            // client's value the database would not take, whichever check let it through: never a 500.
            LOG.infof("database refused a value of the request: %s", rootMessage(e));
            return Problems.response(request, 400, null, "the request contains a value that cannot be stored", null)
                    .build();
        }
        LOG.error("unexpected failure", e);
        return Problems.response(request, 500, null, "the request could not be completed", null).build();
    }

    private static Response unavailable(HttpServerRequest request, String dependency) {
        return Problems.response(request, 503, "dependency-unavailable",
                        "the " + dependency + " cannot be reached; retry later", null)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .build();
    }

    /** "object storage" or "database" when the failure is one of them being out of reach, else null. */
    public static String unreachableDependency(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServiceUnavailableException unavailable) {
                return unavailable.dependency();
            }
            if (t instanceof SdkClientException || (t instanceof S3Exception s3 && s3.statusCode() >= 500)) {
                return "object storage";
            }
            if (t instanceof SQLTransientConnectionException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08"))) {
                return "database";
            }
        }
        return null;
    }

    private static boolean isDataError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
