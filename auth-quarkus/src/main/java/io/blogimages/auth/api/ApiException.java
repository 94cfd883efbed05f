package io.blogimages.auth.api;

import java.util.Map;

/**
 * An expected failure with its HTTP status, answered as a problem document. {@code type} is a short slug
 * ({@code username-taken}) turned into {@code urn:blog-images:problem:username-taken}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, String> headers;

    public ApiException(int status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    public ApiException(int status, String type, String title, String detail, Map<String, String> headers) {
        super(detail, null, false, false); // an answer, not a bug: no stack trace to fill in
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public String typeUri() {
        return "urn:blog-images:problem:" + type;
    }

    public String title() {
        return title;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
