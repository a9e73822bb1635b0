package org.wishledger.node.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.format.DateTimeFormatter;
import org.slf4j.event.KeyValuePair;

/**
 * {@code --log-format text}: {@code time level logger message key=value ... [error="..."]}, one line
 * per event, grep- and logfmt-friendly. A value is quoted only when it must be (empty, or holding a
 * space, quote, '=' or line break), and line breaks inside a message or value are written as {@code \n}.
 * A throwable adds {@code error="<its toString>"} to the line, and its stack trace follows on lines
 * that start with whitespace, so "one event = one line that starts with a timestamp" still holds.
 */
public final class TextLineLayout extends LayoutBase<ILoggingEvent> {
    private static final String STACK_INDENT = "    ";

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160)
                .append(DateTimeFormatter.ISO_INSTANT.format(event.getInstant())).append(' ')
                .append(event.getLevel()).append(' ')
                .append(event.getLoggerName()).append(' ');
        appendEscaped(line, event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                line.append(' ').append(kv.key).append('=');
                appendValue(line, String.valueOf(kv.value));
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(" error=");
            appendValue(line, thrown.getClassName() + (thrown.getMessage() != null ? ": " + thrown.getMessage() : ""));
        }
        line.append('\n');
        if (thrown != null) {
            for (String traceLine : ThrowableProxyUtil.asString(thrown).split("\n")) {
                line.append(STACK_INDENT).append(traceLine).append('\n');
            }
        }
        return line.toString();
    }

    private static void appendValue(StringBuilder line, String value) {
        boolean quote = value.isEmpty();
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ' ' || c == '"' || c == '=' || c == '\n' || c == '\r' || c == '\t';
        }
        if (!quote) {
            line.append(value);
            return;
        }
        line.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                default -> appendEscapedChar(line, c);
            }
        }
        line.append('"');
    }

    private static void appendEscaped(StringBuilder line, String text) {
        for (int i = 0; i < text.length(); i++) {
            appendEscapedChar(line, text.charAt(i));
        }
    }

    private static void appendEscapedChar(StringBuilder line, char c) {
        switch (c) {
            case '\n' -> line.append("\\n");
            case '\r' -> line.append("\\r");
            default -> line.append(c);
        }
    }
}
