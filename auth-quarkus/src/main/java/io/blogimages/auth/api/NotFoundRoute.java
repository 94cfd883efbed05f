package io.blogimages.auth.api;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The last route: whatever no endpoint, static resource or {@code /q/} handler took gets a problem document
 * instead of the default 404 page.
 */
@ApplicationScoped
public class NotFoundRoute {

    void register(@Observes Router router) {
        router.route().last().handler(context -> {
            Problem problem = new Problem("about:blank", "Not Found", 404, "There is nothing at this path.",
                    context.request().path(), RequestIds.of(context.request()), null);
            context.response().setStatusCode(404).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Json.encode(problem));
        });
    }
}
