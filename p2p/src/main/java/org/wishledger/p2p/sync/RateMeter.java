package org.wishledger.p2p.sync;

import java.util.concurrent.TimeUnit;

/**
 * Per-second rates of two growing counters (blocks and txs) over a sliding window of the last few
 * seconds: a sample per second in a small ring, the rate measured against the oldest sample.
 * Single-threaded, no allocation after construction.
 */
final class RateMeter {
    private static final long SAMPLE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long[] sampleNanos;
    private final long[] sampleA;
    private final long[] sampleB;
    private int size;
    private int next;

    RateMeter(int windowSeconds) {
        sampleNanos = new long[windowSeconds];
        sampleA = new long[windowSeconds];
        sampleB = new long[windowSeconds];
    }

    /** Forgets all samples (the counters restart from zero). */
    void reset() {
        size = 0;
        next = 0;
    }

    /** Records the counters if a second has passed since the last sample. */
    void sample(long nowNanos, long a, long b) {
        int newest = (next - 1 + sampleNanos.length) % sampleNanos.length;
        if (size > 0 && nowNanos - sampleNanos[newest] < SAMPLE_EVERY_NANOS) {
            return;
        }
        sampleNanos[next] = nowNanos;
        sampleA[next] = a;
        sampleB[next] = b;
        next = (next + 1) % sampleNanos.length;
        size = Math.min(size + 1, sampleNanos.length);
    }

    double rateA(long nowNanos, long a) {
        return rate(nowNanos, a, sampleA);
    }

    double rateB(long nowNanos, long b) {
        return rate(nowNanos, b, sampleB);
    }

    private double rate(long nowNanos, long value, long[] samples) {
        if (size == 0) {
            return 0;
        }
        int oldest = size < sampleNanos.length ? 0 : next;
        double seconds = (nowNanos - sampleNanos[oldest]) / 1e9;
        return seconds < 0.05 ? 0 : (value - samples[oldest]) / seconds;
    }
}
