package io.blogimages.testsupport;

/**
 * Lets a test take the S3Proxy of the running test application ({@link S3ProxyResource}) away and bring it back
 * (same port, credentials and objects), to check what the application does while S3 is unreachable.
 */
public final class S3ProxyControl {

    static final String BACKEND = "S3Proxy";

    private S3ProxyControl() {
    }

    /** Stops the S3Proxy process and waits until it is gone. */
    public static void stop() {
        BackendControl.invoke(BACKEND, "stopServer");
    }

    /** Starts it again and waits until it answers. */
    public static void start() {
        BackendControl.invoke(BACKEND, "startServer");
    }
}
