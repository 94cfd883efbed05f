package io.blogimages.auth.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * An RFC 9457 problem document, the body of every 4xx/5xx answer of this service.
 *
 * <p>Registered for reflection (with its nested {@link FieldError}): Jackson serialises it reflectively, and it is
 * never a declared return type — the exception mappers put it in a {@code Response}, {@code NotFoundRoute} encodes
 * it with Vert.x {@code Json.encode} — so a native build would not register it otherwise.
 *
 * @param requestId the request's {@code X-Request-Id}, so a user's report leads to the log lines
 * @param errors    field errors of a validation failure, otherwise absent
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field of a request body or parameter. */
    public record FieldError(String field, String message) {
    }
}
