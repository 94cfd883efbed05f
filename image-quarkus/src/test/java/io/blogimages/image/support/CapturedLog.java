package io.blogimages.image.support;

import org.jboss.logmanager.ExtLogRecord;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The warnings a logger of the service writes while a test runs, for the test's failure message: CI shows the
 * failure message but only the tail of the console, so a rare failure would otherwise not say why it happened.
 */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
                warnings.add(record.getLevel() + " " + message);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLog(Class<?> source) {
        this.logger = Logger.getLogger(source.getName());
        logger.addHandler(handler);
    }

    /** Starts capturing what {@code source} logs at WARNING or above. */
    public static CapturedLog warningsOf(Class<?> source) {
        return new CapturedLog(source);
    }

    /** The captured warnings, one a line; "none" when there were none. */
    public String warnings() {
        return warnings.isEmpty() ? "none" : String.join("\n", warnings);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
