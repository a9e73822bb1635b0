package org.wishledger.node.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A monotonically growing count. LongAdder: many threads increment, a scrape reads rarely. */
public final class Counter extends Metric {
    private final String labels;
    private final LongAdder value = new LongAdder();

    Counter(String name, String help, String labels) {
        super(name, help, "counter");
        this.labels = labels;
    }

    public void increment() {
        value.increment();
    }

    public void add(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("a counter only grows: " + delta);
        }
        value.add(delta);
    }

    public long value() {
        return value.sum();
    }

    @Override
    public void appendSamples(StringBuilder out) {
        out.append(name()).append(labels).append(' ').append(value.sum()).append('\n');
    }
}
