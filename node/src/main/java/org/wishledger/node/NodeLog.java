package org.wishledger.node;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Structured, one-line logs: {@code time level component message key=value ...}, grep- and
 * machine-friendly. Written to stdout, which {@code testnet up} sends to the node's logs/node.log.
 * Values with spaces are quoted. No levels are filtered: the node logs events, not chatter.
 */
public final class NodeLog {
    private static final PrintStream OUT = System.out;

    private final String component;

    private NodeLog(String component) {
        this.component = component;
    }

    public static NodeLog of(String component) {
        return new NodeLog(component);
    }

    public void info(String message, Object... keyValues) {
        write("INFO", message, null, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        write("WARN", message, null, keyValues);
    }

    public void error(String message, Throwable t, Object... keyValues) {
        write("ERROR", message, t, keyValues);
    }

    private void write(String level, String message, Throwable t, Object... keyValues) {
        StringBuilder line = new StringBuilder(128)
                .append(Instant.now()).append(' ').append(level).append(' ').append(component).append(' ')
                .append(message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.append(' ').append(keyValues[i]).append('=');
            String value = String.valueOf(keyValues[i + 1]);
            if (value.indexOf(' ') >= 0 || value.isEmpty()) {
                line.append('"').append(value.replace("\"", "\\\"")).append('"');
            } else {
                line.append(value);
            }
        }
        if (t != null) {
            line.append(" error=\"").append(String.valueOf(t).replace("\"", "\\\"")).append('"');
        }
        synchronized (OUT) {
            OUT.println(line);
            if (t != null && "ERROR".equals(level)) {
                t.printStackTrace(OUT);
            }
        }
    }
}
