package org.wishledger.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Structured, one-line logs: a message plus {@code key, value} pairs. A thin facade over SLF4J 2's
 * fluent API: each pair becomes an SLF4J key-value pair, so it survives into both log formats
 * ({@code key=value} in text, a field in JSON; see {@link org.wishledger.node.logging.LogFormat}).
 * The component ("consensus", "mempool", ...) is the SLF4J logger name.
 */
public final class NodeLog {
    private final Logger logger;

    private NodeLog(Logger logger) {
        this.logger = logger;
    }

    public static NodeLog of(String component) {
        return new NodeLog(LoggerFactory.getLogger(component));
    }

    public void info(String message, Object... keyValues) {
        log(logger.atInfo(), message, null, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        log(logger.atWarn(), message, null, keyValues);
    }

    public void error(String message, Throwable t, Object... keyValues) {
        log(logger.atError(), message, t, keyValues);
    }

    private static void log(LoggingEventBuilder event, String message, Throwable t, Object... keyValues) {
        event.setMessage(message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            event.addKeyValue(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        if (t != null) {
            event.setCause(t);
        }
        event.log();
    }
}
