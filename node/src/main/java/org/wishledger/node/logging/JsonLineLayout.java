package org.wishledger.node.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * {@code --log-format json}: one JSON object per line, for log shippers. Fixed fields {@code time},
 * {@code level}, {@code logger}, {@code thread}, {@code message}; then each key-value pair as its own
 * field (finite numbers and booleans stay JSON numbers and booleans, anything else is a string); a
 * throwable adds {@code error} (its toString) and {@code stack} (the full trace as one string). A pair
 * whose key is one of the fixed field names is written as {@code kv_<key>} so no field is duplicated.
 * Written by hand rather than with logback's JsonEncoder, whose output nests the pairs in a list
 * ({@code kvpList}) and adds context fields nobody reads.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
    private static final Set<String> FIXED = Set.of("time", "level", "logger", "thread", "message", "error", "stack");

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "time", DateTimeFormatter.ISO_INSTANT.format(event.getInstant()));
        json.append(',');
        field(json, "level", event.getLevel().toString());
        json.append(',');
        field(json, "logger", event.getLoggerName());
        json.append(',');
        field(json, "thread", event.getThreadName());
        json.append(',');
        field(json, "message", event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                json.append(',');
                String key = FIXED.contains(kv.key) ? "kv_" + kv.key : kv.key;
                string(json, key);
                json.append(':');
                value(json, kv.value);
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            json.append(',');
            field(json, "error", thrown.getClassName() + (thrown.getMessage() != null ? ": " + thrown.getMessage() : ""));
            json.append(',');
            field(json, "stack", ThrowableProxyUtil.asString(thrown));
        }
        return json.append("}\n").toString();
    }

    private static void field(StringBuilder json, String key, String value) {
        string(json, key);
        json.append(':');
        string(json, value);
    }

    private static void value(StringBuilder json, Object value) {
        boolean plain = value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte
                || value instanceof Double d && Double.isFinite(d) || value instanceof Float f && Float.isFinite(f);
        if (plain) {
            json.append(value);
        } else {
            string(json, String.valueOf(value));
        }
    }

    /** A JSON string literal (RFC 8259): quote, backslash and control characters escaped. */
    private static void string(StringBuilder json, String s) {
        if (s == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
