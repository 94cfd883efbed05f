package io.blogimages.image.logging;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Makes every log message one line that says what it contains: control characters (CR and LF first of all), line
 * and paragraph separators, bidirectional overrides and lone surrogates are written as escapes ({@code \n},
 * {@code \u202E}). Filenames, post IDs and keys come from clients; without this, a filename holding
 * "\nINFO ... deleted all images" would write a second, forged line into a text log, and a right-to-left override
 * would make a line read differently from what it says. Applied to the whole message once it is formatted, on every
 * handler (console and file), so no log call can forget it; JSON logs escape again, harmlessly.
 */
@LoggingFilter(name = "control-character-escaping")
public final class ControlCharacterEscaping implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String message = ext.getFormattedMessage();
            String escaped = escape(message);
            if (escaped != message) {
                ext.setMessage(escaped, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        return true;
    }

    /** The text with every unsafe character escaped; the same instance when there is none. */
    public static String escape(String text) {
        if (text == null || text.codePoints().noneMatch(ControlCharacterEscaping::unsafe)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (unsafe(cp)) {
                        out.append(String.format("\\u%04X", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.toString();
    }

    private static boolean unsafe(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }
}
