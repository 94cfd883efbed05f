package io.blogimages.image.api;

/** S3 or the database cannot be reached: the client should retry later (503 with Retry-After). */
public class ServiceUnavailableException extends RuntimeException {

    private final String dependency;

    public ServiceUnavailableException(String dependency, Throwable cause) {
        super(dependency + " unavailable", cause);
        this.dependency = dependency;
    }

    public String dependency() {
        return dependency;
    }
}
