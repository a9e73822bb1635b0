package org.wishledger.scoring.score;

/**
 * A reusable, caller-owned result (a flyweight: the scorer overwrites its fields, so a hot loop allocates nothing).
 * Carries everything needed to recompute it: ledger height, model id and the parameters.
 */
public final class ScoreResult {
    double reward;
    int count;
    double weight;
    double totalWeight;
    double coverage;
    double p10 = Double.NaN;
    double p50 = Double.NaN;
    double p90 = Double.NaN;
    long height;
    String modelId;
    ScoreParams params;

    /** Weighted mean stance of the voting wishes (sampled: plain mean of the draws); 0 when none voted. */
    public double reward() {
        return reward;
    }

    /** Wishes that voted (sampled: draws; mean: every wish with weight > 0). */
    public int count() {
        return count;
    }

    /** Total weight of the voting wishes (sampled and mean: of all wishes). */
    public double weight() {
        return weight;
    }

    /** Total weight of every wish in the index under the chosen weighting. */
    public double totalWeight() {
        return totalWeight;
    }

    /** weight / totalWeight: the share of the ledger's influence that spoke about this prompt. */
    public double coverage() {
        return coverage;
    }

    /** Weighted 10th percentile of the stances (NaN when nobody voted, and in mean mode). */
    public double p10() {
        return p10;
    }

    public double p50() {
        return p50;
    }

    public double p90() {
        return p90;
    }

    public long height() {
        return height;
    }

    public String modelId() {
        return modelId;
    }

    public ScoreParams params() {
        return params;
    }

    public ScoreMode mode() {
        return params.mode();
    }

    @Override
    public String toString() {
        return String.format("ScoreResult{reward=%.6f, count=%d, weight=%.1f, coverage=%.4f, p10=%.4f, p50=%.4f, "
                        + "p90=%.4f, height=%d, model=%s, params=%s}", reward, count, weight, coverage, p10, p50, p90,
                height, modelId, params);
    }
}
