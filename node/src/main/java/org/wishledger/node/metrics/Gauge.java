package org.wishledger.node.metrics;

import java.util.function.LongSupplier;

/**
 * A value that goes up and down. Either set by its owner (a Prometheus gauge) or read from a supplier
 * at scrape time (a Prometheus gauge with callback, e.g. mempool size), so the owner does not have to
 * push every change.
 */
public final class Gauge {
    private final String name;
    private final io.prometheus.metrics.core.metrics.Gauge settable;
    private final LongSupplier supplier;

    private Gauge(String name, io.prometheus.metrics.core.metrics.Gauge settable, LongSupplier supplier) {
        this.name = name;
        this.settable = settable;
        this.supplier = supplier;
    }

    static Gauge settable(String name, io.prometheus.metrics.core.metrics.Gauge gauge) {
        return new Gauge(name, gauge, null);
    }

    static Gauge supplied(String name, LongSupplier supplier) {
        return new Gauge(name, null, supplier);
    }

    public void set(long newValue) {
        if (settable == null) {
            throw new IllegalStateException(name + " reads its value from a supplier");
        }
        settable.set(newValue);
    }

    public long value() {
        return settable != null ? (long) settable.get() : supplier.getAsLong();
    }
}
