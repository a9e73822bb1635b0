package org.wishledger.testnet.scoringcli;

import java.util.function.Consumer;

/**
 * A throttled "what, done/total, rate, ETA" line for long runs (imports, scoring batches, paging). Lines go to a
 * sink (the CLI's stderr), at most one per {@code everyNanos} plus the final one, so a fast run is not flooded.
 */
public final class Progress {
    private final String what;
    private final long total;
    private final Consumer<String> sink;
    private final long everyNanos;
    private final long startNanos = System.nanoTime();
    private long lastNanos;
    private long done;

    public Progress(String what, long total, Consumer<String> sink, long everyMillis) {
        this.what = what;
        this.total = total;
        this.sink = sink;
        this.everyNanos = everyMillis * 1_000_000L;
        this.lastNanos = startNanos;
    }

    /** A sink that drops every line (library callers that want no output). */
    public static Progress silent(long total) {
        return new Progress("", total, line -> { }, Long.MAX_VALUE / 2_000_000L);
    }

    public void add(long n) {
        done += n;
        long now = System.nanoTime();
        if (done >= total || now - lastNanos >= everyNanos) {
            lastNanos = now;
            sink.accept(line(now));
        }
    }

    public long done() {
        return done;
    }

    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    String line(long now) {
        double s = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = done / s;
        String eta = rate > 0 && done < total ? formatSeconds((total - done) / rate) : "0s";
        return String.format("%s %d/%d (%.1f/s, ETA %s)", what, done, total, rate, eta);
    }

    static String formatSeconds(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
