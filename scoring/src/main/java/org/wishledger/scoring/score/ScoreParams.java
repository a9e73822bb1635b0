package org.wishledger.scoring.score;

import org.wishledger.scoring.index.Weighting;

/**
 * Every knob of a reward, returned with each result so that anyone can recompute it.
 *
 * @param mode      gated, sampled or mean
 * @param k         gated: at most the k wishes with the most similar scenarios vote; 0 = no top-k limit
 * @param threshold gated: a wish votes only if cos(prompt, scenario) >= threshold; -1 (or less) = no threshold
 * @param samples   sampled: number of draws K
 * @param seed      sampled: seed of the draws (the same seed for every item of a batch: common random numbers)
 * @param weighting linear or sqrt burn weights
 * @param int8      gated: run the gate pass over the int8 copies of the scenario vectors (4x less memory traffic;
 *                  the stances still use float vectors)
 * @param halfLifeMs gated: a wish's weight halves every {@code halfLifeMs} of block time between it and the newest
 *                  wish of the index (0 = no recency weighting, the default)
 */
public record ScoreParams(ScoreMode mode, int k, float threshold, int samples, long seed, Weighting weighting,
                          boolean int8, long halfLifeMs) {
    /**
     * Gate defaults, tuned on the first 80% of the HH-RLHF sample only (docs/scoring.md): a threshold of 0.2 with no
     * top-k limit was best there; the default still caps the gate at 1024 wishes (more than that sample holds) so
     * that the stance pass stays bounded on a large ledger.
     */
    public static final int DEFAULT_K = 1024;
    public static final float DEFAULT_THRESHOLD = 0.2f;
    public static final int DEFAULT_SAMPLES = 1024;
    public static final int MAX_K = 1 << 16;
    public static final int MAX_SAMPLES = 1 << 20;

    public ScoreParams {
        if (mode == null || weighting == null) {
            throw new IllegalArgumentException("mode and weighting are required");
        }
        if (k < 0 || k > MAX_K) {
            throw new IllegalArgumentException("k must be in [0, " + MAX_K + "], got " + k);
        }
        if (Float.isNaN(threshold) || threshold > 1f) {
            throw new IllegalArgumentException("threshold must be a number <= 1, got " + threshold);
        }
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("samples must be in [1, " + MAX_SAMPLES + "], got " + samples);
        }
        if (halfLifeMs < 0 || (halfLifeMs > 0 && mode != ScoreMode.GATED)) {
            throw new IllegalArgumentException("half_life must be >= 0, and is only available in mode gated (sampled "
                    + "draws and the mean's centroid use the burn weights alone)");
        }
    }

    /** Without recency weighting. */
    public ScoreParams(ScoreMode mode, int k, float threshold, int samples, long seed, Weighting weighting,
                       boolean int8) {
        this(mode, k, threshold, samples, seed, weighting, int8, 0L);
    }

    /** Gated with linear burn weights (the historical rule; {@link #defaults()} uses log weights). */
    public static ScoreParams gated(int k, float threshold) {
        return new ScoreParams(ScoreMode.GATED, k, threshold, DEFAULT_SAMPLES, 0, Weighting.LINEAR, false);
    }

    /**
     * Gated, threshold 0.2, k = 1024, log burn weights: on the dev sample log weights lose nothing against equal
     * burns under the shipped heavy-tailed burns, where linear weights cost 1.5-5 points (docs/scoring.md).
     */
    public static ScoreParams defaults() {
        return gated(DEFAULT_K, DEFAULT_THRESHOLD).withWeighting(DEFAULT_WEIGHTING);
    }

    public static final Weighting DEFAULT_WEIGHTING = Weighting.LOG;

    public static ScoreParams sampled(int samples, long seed) {
        return new ScoreParams(ScoreMode.SAMPLED, DEFAULT_K, DEFAULT_THRESHOLD, samples, seed, Weighting.LINEAR,
                false);
    }

    public static ScoreParams mean() {
        return new ScoreParams(ScoreMode.MEAN, DEFAULT_K, DEFAULT_THRESHOLD, DEFAULT_SAMPLES, 0, Weighting.LINEAR,
                false);
    }

    public ScoreParams withWeighting(Weighting w) {
        return new ScoreParams(mode, k, threshold, samples, seed, w, int8, halfLifeMs);
    }

    public ScoreParams withInt8(boolean on) {
        return new ScoreParams(mode, k, threshold, samples, seed, weighting, on, halfLifeMs);
    }

    public ScoreParams withHalfLife(long ms) {
        return new ScoreParams(mode, k, threshold, samples, seed, weighting, int8, ms);
    }

    /** True when the gate has neither a top-k limit nor a threshold. */
    public boolean ungated() {
        return k == 0 && threshold <= -1f;
    }
}
