package io.blogimages.auth.api;

/**
 * Makes caller-supplied text (usernames, addresses) safe inside a text log line: a line break or other control
 * character in it would otherwise start a forged line ({@code \n... event=LOGIN_SUCCESS}) or hide part of one.
 * Control characters, line and paragraph separators, bidirectional overrides and unpaired surrogates become
 * {@code \\uXXXX} escapes ({@code \n}, {@code \r}, {@code \t} their short forms); a backslash is doubled so an
 * escape cannot be faked either.
 */
public final class LogText {

    private LogText() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(text, i, c);
            if (replacement == null && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (replacement != null) {
                out.append(replacement);
            } else {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static String replacement(String text, int i, char c) {
        switch (c) {
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1))
                || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
        if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                || (Character.isSurrogate(c) && !paired)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
