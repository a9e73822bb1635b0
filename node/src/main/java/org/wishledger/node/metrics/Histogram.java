package org.wishledger.node.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram with fixed upper bounds. Observing costs a short linear scan over the bounds
 * (they are few) and two atomic adds; buckets are stored non-cumulative and summed at scrape time.
 */
public final class Histogram extends Metric {
    private final double[] upperBounds;
    private final AtomicLongArray buckets;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(String name, String help, double[] upperBounds) {
        super(name, help, "histogram");
        this.upperBounds = sortedDistinct(name, upperBounds);
        this.buckets = new AtomicLongArray(this.upperBounds.length + 1); // last one is +Inf
    }

    private static double[] sortedDistinct(String name, double[] upperBounds) {
        if (upperBounds.length == 0) {
            throw new IllegalArgumentException(name + ": a histogram needs at least one bucket");
        }
        double[] sorted = upperBounds.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException(name + ": duplicate bucket bound " + sorted[i]);
            }
        }
        return sorted;
    }

    public void observe(double value) {
        int i = 0;
        while (i < upperBounds.length && value > upperBounds[i]) {
            i++;
        }
        buckets.incrementAndGet(i);
        count.increment();
        sum.add(value);
    }

    public long count() {
        return count.sum();
    }

    public double sum() {
        return sum.sum();
    }

    @Override
    public void appendSamples(StringBuilder out) {
        long cumulative = 0;
        for (int i = 0; i < upperBounds.length; i++) {
            cumulative += buckets.get(i);
            out.append(name()).append("_bucket{le=\"").append(format(upperBounds[i])).append("\"} ")
                    .append(cumulative).append('\n');
        }
        cumulative += buckets.get(upperBounds.length);
        out.append(name()).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
        out.append(name()).append("_sum ").append(format(sum.sum())).append('\n');
        out.append(name()).append("_count ").append(cumulative).append('\n');
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
