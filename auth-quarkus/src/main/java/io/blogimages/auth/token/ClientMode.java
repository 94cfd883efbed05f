package io.blogimages.auth.token;

/**
 * How a login hands out its refresh token, kept on its family so every refresh answers the same way.
 * {@link #API}: in the body and the {@code refresh_token} cookie (the contract). {@link #BROWSER}: only in the
 * {@code __Host-refresh_token} cookie, out of reach of page scripts.
 */
public enum ClientMode {
    API("api"), BROWSER("browser");

    private final String value;

    ClientMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The mode named in a login body (validated before), or in a family row; anything else is the default. */
    static ClientMode of(String value) {
        return "browser".equals(value) ? BROWSER : API;
    }
}
