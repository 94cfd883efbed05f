package io.blogimages.gateway.edge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/** Answers with an RFC 9457 problem document, as every service of the system does. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    public static Buffer body(int status, String title, String detail, String instance, String requestId) {
        return new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", instance)
                .put("requestId", requestId)
                .toBuffer();
    }

    public static void send(RoutingContext context, int status, String title, String detail) {
        send(context, status, title, detail, Map.of());
    }

    public static void send(RoutingContext context, int status, String title, String detail, Map<String, String> headers) {
        if (context.response().headWritten()) {
            context.response().reset();
            return;
        }
        Buffer body = body(status, title, detail, context.request().path(), RequestIds.of(context));
        var response = context.response().setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE);
        headers.forEach(response::putHeader);
        response.end(body);
    }
}
