package io.blogimages.image.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import io.quarkus.runtime.configuration.MemorySize;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;

/**
 * Builds problem documents, for JAX-RS answers and for the few answers Vert.x gives before REST sees the
 * request (a body over {@code quarkus.http.limits.max-body-size}, a failed proactive authentication).
 */
@ApplicationScoped
public class Problems {

    private static final String TYPE_PREFIX = "urn:blog-images:problem:";

    public static Problem of(HttpServerRequest request, int status, String slug, String detail,
                             List<Problem.FieldError> errors) {
        return new Problem(slug == null ? "about:blank" : TYPE_PREFIX + slug, title(status), status, detail,
                request.path(), request.getHeader(RequestIds.HEADER), errors);
    }

    public static Response.ResponseBuilder response(HttpServerRequest request, int status, String slug, String detail,
                                                    List<Problem.FieldError> errors) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(of(request, status, slug, detail, errors));
    }

    void install(@Observes Router router) {
        // Quarkus refuses an announced body over the limit with an empty 413; answer that case ourselves first.
        long maxBodySize = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBodySize) {
                context.response().putHeader("Connection", "close");
                writeProblem(context, 413);
            } else {
                context.next();
            }
        });
        for (int status : new int[] {400, 401, 403, 404, 405, 413, 500, 503}) {
            router.errorHandler(status, context -> writeProblem(context, status));
        }
    }

    private static void writeProblem(RoutingContext context, int status) {
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        String detail = switch (status) {
            case 401 -> "a valid bearer access token is required";
            case 413 -> "the request body is larger than this service accepts";
            default -> status >= 500 ? "the request could not be completed" : "the request could not be processed";
        };
        if (status == 401) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
        }
        context.response()
                .setStatusCode(status)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(of(context.request(), status, null, detail, null)));
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 422 -> "Unprocessable Content";
            case 503 -> "Service Unavailable";
            default -> {
                Response.Status known = Response.Status.fromStatusCode(status);
                yield known != null ? known.getReasonPhrase() : (status >= 500 ? "Server Error" : "Client Error");
            }
        };
    }
}
