package io.blogimages.image.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * An RFC 9457 problem document, the body of every 4xx/5xx answer.
 *
 * <p>Registered for reflection (with its nested {@link FieldError}): Jackson serialises it reflectively, and no
 * resource method names it as its return type — it travels inside a {@code Response} from the exception mappers
 * or is encoded by hand with Vert.x {@code Json.encode} — so a native build would not register it otherwise.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid input of a validation failure. */
    public record FieldError(String field, String message) {
    }
}
