package org.wishledger.scoring.data;

import java.util.SplittableRandom;

/**
 * The seeded burn amounts given to imported sample wishes (the HH-RLHF pairs carry none): log-normal, because real
 * stakes are heavy-tailed (a few wishes carry most of the weight) and the scorer should be tested that way.
 * {@code burn = max(1, round(median * exp(sigma * Z)))}, Z standard normal from {@link SplittableRandom}(seed), one
 * draw per wish in file order. Defaults: median 1,000 base units, sigma 1.5 (p90 = 6.8x median, p99 = 33x median).
 */
public final class BurnDistribution {
    public static final long DEFAULT_MEDIAN = 1_000;
    public static final double DEFAULT_SIGMA = 1.5;
    public static final long DEFAULT_SEED = 20261127L;

    private final long median;
    private final double sigma;
    private final SplittableRandom random;

    public BurnDistribution(long median, double sigma, long seed) {
        if (median < 1 || !(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("median must be >= 1 and sigma finite and >= 0");
        }
        this.median = median;
        this.sigma = sigma;
        this.random = new SplittableRandom(seed);
    }

    public static BurnDistribution defaults() {
        return new BurnDistribution(DEFAULT_MEDIAN, DEFAULT_SIGMA, DEFAULT_SEED);
    }

    /** The next burn, an integer number of base units >= 1. */
    public long next() {
        double v = median * Math.exp(sigma * random.nextGaussian());
        return Math.max(1, Math.min(Long.MAX_VALUE / 1024, Math.round(v)));
    }
}
