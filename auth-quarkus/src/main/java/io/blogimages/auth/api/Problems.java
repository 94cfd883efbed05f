package io.blogimages.auth.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Builds {@code application/problem+json} responses for the request being served. */
public final class Problems {

    private Problems() {
    }

    /** A problem with the generic type ({@code about:blank}) and the status' reason phrase as title. */
    public static Response response(HttpServerRequest request, int status, String detail) {
        return response(request, status, "about:blank", reason(status), detail, null);
    }

    public static Response response(HttpServerRequest request, int status, String type, String title, String detail,
                                    List<Problem.FieldError> errors) {
        Problem problem = new Problem(type, title, status, detail, request.path(), RequestIds.of(request), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return switch (status) {
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
