package io.blogimages.gateway.edge;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Whatever no route, static file or {@code /q/} handler took: a problem document, never an HTML page. */
@ApplicationScoped
public class NotFoundRoute {

    void register(@Observes Router router) {
        router.route().last().handler(context ->
                Problems.send(context, 404, "Not Found", "There is nothing at this path."));
    }
}
