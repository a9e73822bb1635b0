package org.wishledger.node.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Counters that share a name and differ by one label, e.g. rejected txs by error code. Children are
 * created on first use and rendered in label order, so a scrape is stable.
 */
public final class CounterFamily extends Metric {
    private final String labelName;
    private final Map<String, Counter> children = new ConcurrentSkipListMap<>();

    CounterFamily(String name, String help, String labelName) {
        super(name, help, "counter");
        this.labelName = MetricsRegistry.checkName(labelName);
    }

    /** The counter for one label value; cache it on hot paths. */
    public Counter labels(String labelValue) {
        return children.computeIfAbsent(labelValue,
                v -> new Counter(name(), help(), "{" + labelName + "=\"" + escape(v) + "\"}"));
    }

    @Override
    public void appendSamples(StringBuilder out) {
        for (Counter child : children.values()) {
            child.appendSamples(out);
        }
    }

    /** Label values escape backslash, double quote and line feed (text format 0.0.4). */
    static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
