package io.blogimages.auth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;

/** Turns every failure into an {@code application/problem+json} answer; never a stack trace or HTML. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final String BEARER_CHALLENGE = "Bearer error=\"invalid_token\"";
    static final String RETRY_AFTER_SECONDS = "5";

    @ServerExceptionMapper
    public Response api(ApiException e, HttpServerRequest request) {
        Response response = Problems.response(request, e.status(), e.typeUri(), e.title(), e.getMessage(), null);
        e.headers().forEach(response.getHeaders()::putSingle);
        return response;
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        return Problems.response(request, 400, "urn:blog-images:problem:validation", "Invalid request",
                "The request has invalid fields.", errors);
    }

    // Listed explicitly: Quarkus has a built-in mapper for MismatchedInputException that would otherwise win.
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response unreadableJson(Exception e, HttpServerRequest request) {
        return Problems.response(request, 400, "urn:blog-images:problem:malformed-body", "Malformed request body",
                "The request body is not the JSON this endpoint expects.", null);
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e, HttpServerRequest request) {
        Response response = Problems.response(request, 401, "A valid access token is required.");
        response.getHeaders().putSingle(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        return response;
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return Problems.response(request, 403, "Your roles do not allow this.");
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, request);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        Response response = Problems.response(request, status, detail(status));
        // keep what the status needs, e.g. Allow on 405
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                response.getHeaders().put(name, values);
            }
        });
        return response;
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (databaseUnreachable(e)) {
            LOG.warnf("database unavailable: %s", rootMessage(e));
            Response response = Problems.response(request, 503, "urn:blog-images:problem:dependency-unavailable",
                    Problems.reason(503), "The account database cannot be reached; try again shortly.", null);
            response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            return response;
        }
        String refused = databaseRefusedValue(e);
        if (refused != null) {
            // The input passed validation but not PostgreSQL (a value too long, a byte sequence it cannot store):
            // the caller's mistake, not ours. The value itself stays out of the log.
            LOG.warnf("database refused a value of the request: SQLState %s", refused);
            return Problems.response(request, 400, "urn:blog-images:problem:invalid-value", "Invalid request",
                    "A value in the request cannot be stored or searched for.", null);
        }
        LOG.error("request failed", e);
        return Problems.response(request, 500, "Something went wrong on our side; the request ID helps us find it.");
    }

    /** No connection to PostgreSQL (refused, cut, pool timed out): the client may retry, it did nothing wrong. */
    static boolean databaseUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SQLState when PostgreSQL refused a value of the request (class 22, data exception: invalid byte sequence
     * or NUL in text, value too long, numeric out of range...), else null.
     */
    static String databaseRefusedValue(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String state = t instanceof java.sql.SQLException sql ? sql.getSQLState()
                    : t instanceof org.hibernate.JDBCException jdbc ? jdbc.getSQLState() : null;
            if (state != null && state.startsWith("22")) {
                return state;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 404 -> "There is nothing at this path.";
            case 405 -> "This method is not allowed here.";
            case 406 -> "No acceptable representation.";
            case 413 -> "The request body is too large.";
            case 415 -> "This content type is not supported here.";
            default -> Problems.reason(status) + ".";
        };
    }

    /** The body field a violation is about: {@code username}, or {@code roles[0]} for an element of a list. */
    private static String fieldName(ConstraintViolation<?> violation) {
        String name = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT) {
                name = (name == null ? "" : name) + (node.getIndex() != null ? "[" + node.getIndex() + "]" : "");
            } else {
                name = node.getName();
            }
        }
        return name == null ? "" : name;
    }
}
