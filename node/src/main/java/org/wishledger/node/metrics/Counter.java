package org.wishledger.node.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;

/**
 * A monotonically growing count: a thin handle on one Prometheus client_java counter data point (a
 * plain counter or one labelled child), so call sites say {@code increment()} and never see the library.
 */
public final class Counter {
    private final CounterDataPoint point;

    Counter(CounterDataPoint point) {
        this.point = point;
    }

    public void increment() {
        point.inc();
    }

    /** @throws IllegalArgumentException for a negative delta (a counter only grows) */
    public void add(long delta) {
        point.inc(delta);
    }

    public long value() {
        return (long) point.get();
    }
}
