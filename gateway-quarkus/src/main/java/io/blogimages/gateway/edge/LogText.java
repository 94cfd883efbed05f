package io.blogimages.gateway.edge;

/**
 * Client-controlled text on its way into a text log line: control characters (line breaks included) and the
 * Unicode line and paragraph separators are written as {@code \n} or {@code \}{@code uXXXX}, so no value can
 * end a line and forge the next one. JSON logs (production) escape by themselves; text logs are for local runs.
 */
public final class LogText {

    private LogText() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "-";
        }
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\\';
            if (unsafe && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escaped == null) {
                continue;
            }
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (unsafe) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped == null ? text : escaped.toString();
    }
}
