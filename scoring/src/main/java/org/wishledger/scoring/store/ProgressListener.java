package org.wishledger.scoring.store;

/** Told about long embedding runs; implementations must be cheap (called at most every few hundred wishes). */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param done       wishes embedded so far in this run
     * @param total      wishes this run has to embed
     * @param perSecond  average rate of this run so far
     * @param etaSeconds estimated seconds left (NaN before the first batch)
     */
    void onProgress(long done, long total, double perSecond, double etaSeconds);

    ProgressListener NONE = (done, total, rate, eta) -> { };

    /** Logs a line such as {@code embedded 1200/5000 wishes (41.3/s, ETA 1m32s)}, at most every {@code everyMs}. */
    static ProgressListener logging(org.slf4j.Logger log, long everyMs) {
        return new ProgressListener() {
            private long lastLogNanos;

            @Override
            public void onProgress(long done, long total, double perSecond, double etaSeconds) {
                long now = System.nanoTime();
                if (done < total && now - lastLogNanos < everyMs * 1_000_000L) {
                    return;
                }
                lastLogNanos = now;
                log.info(String.format("embedded %d/%d wishes (%.1f/s, ETA %s)", done, total,
                        perSecond, formatSeconds(etaSeconds)));
            }
        };
    }

    static String formatSeconds(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
