package org.wishledger.testnet.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A monotonically growing count. LongAdder: many threads increment, a scrape reads rarely. */
public final class Counter implements Metric {
    private final String name;
    private final String help;
    private final String labels;
    private final LongAdder value = new LongAdder();

    Counter(String name, String help, String labels) {
        this.name = name;
        this.help = help;
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
    public String name() {
        return name;
    }

    @Override
    public String help() {
        return help;
    }

    @Override
    public String type() {
        return "counter";
    }

    @Override
    public void appendSamples(StringBuilder out) {
        out.append(name).append(labels).append(' ').append(value.sum()).append('\n');
    }
}
