package org.wishledger.node.metrics;

import io.prometheus.metrics.model.snapshots.HistogramSnapshot;

/**
 * A Prometheus histogram with fixed upper bounds (a classic-only client_java histogram: no native
 * buckets, which the text format would not show anyway). {@code le} is inclusive.
 */
public final class Histogram {
    private final io.prometheus.metrics.core.metrics.Histogram histogram;

    Histogram(io.prometheus.metrics.core.metrics.Histogram histogram) {
        this.histogram = histogram;
    }

    public void observe(double value) {
        histogram.observe(value);
    }

    public long count() {
        return snapshot().getCount();
    }

    public double sum() {
        return snapshot().getSum();
    }

    private HistogramSnapshot.HistogramDataPointSnapshot snapshot() {
        return histogram.collect().getDataPoints().get(0);
    }
}
