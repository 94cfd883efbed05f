package io.blogimages.image.api;

import java.util.List;
import java.util.Map;

/**
 * A failure the client should see as a specific problem: status, a type slug (or none for about:blank), a
 * human-readable detail and optional field errors or headers.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String slug;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers;

    public ApiException(int status, String slug, String detail) {
        this(status, slug, detail, null, Map.of());
    }

    public ApiException(int status, String slug, String detail, List<Problem.FieldError> errors,
                        Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.errors = errors;
        this.headers = headers;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, null, message, List.of(new Problem.FieldError(field, message)), Map.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, null, detail);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
