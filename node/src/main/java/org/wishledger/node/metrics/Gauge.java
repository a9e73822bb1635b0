package org.wishledger.node.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A value that goes up and down. Either set by its owner or read from a supplier at scrape time
 * (e.g. mempool size), so the owner does not have to push every change.
 */
public final class Gauge extends Metric {
    private final AtomicLong value = new AtomicLong();
    private final LongSupplier supplier;

    Gauge(String name, String help, LongSupplier supplier) {
        super(name, help, "gauge");
        this.supplier = supplier;
    }

    public void set(long newValue) {
        if (supplier != null) {
            throw new IllegalStateException(name() + " reads its value from a supplier");
        }
        value.set(newValue);
    }

    public long value() {
        return supplier != null ? supplier.getAsLong() : value.get();
    }

    @Override
    public void appendSamples(StringBuilder out) {
        out.append(name()).append(' ').append(value()).append('\n');
    }
}
