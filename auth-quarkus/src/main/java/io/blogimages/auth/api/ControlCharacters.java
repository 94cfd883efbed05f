package io.blogimages.auth.api;

/**
 * The characters no request text may carry. PostgreSQL refuses NUL in text (a 500 before this check existed), and
 * control characters or unpaired surrogates in a username are never a real name, only a way to forge log lines
 * or confuse whatever displays them.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** {@code \p{Cntrl}}: C0 controls and DEL, what a header value or a path may not hold. */
    public static boolean hasAsciiControl(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /**
     * For JSON text fields: C0, DEL and C1 controls (U+0080–U+009F, NEL among them), and unpaired surrogates
     * (a JSON {@code "\ud800"} is valid syntax but no character).
     */
    public static boolean isUnsafeText(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
