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
    JudgeId judge;

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

    /** The judge that produced this reward (kind, model, version): with height and params, enough to recompute it. */
    public JudgeId judge() {
        return judge;
    }

    /** Set by a {@link org.wishledger.scoring.judge.Judge} after its scorer filled the rest. */
    public void judge(JudgeId id) {
        this.judge = id;
    }

    /**
     * Fills every field at once: for judges that compute the reward themselves (the LLM judge) rather than through
     * {@link Scorer}. Quantiles NaN when nothing voted.
     */
    public void assign(double reward, int count, double weight, double totalWeight, double p10, double p50,
                       double p90, long height, String modelId, ScoreParams params, JudgeId judge) {
        this.reward = reward;
        this.count = count;
        this.weight = weight;
        this.totalWeight = totalWeight;
        this.coverage = totalWeight > 0 ? weight / totalWeight : 0;
        this.p10 = p10;
        this.p50 = p50;
        this.p90 = p90;
        this.height = height;
        this.modelId = modelId;
        this.params = params;
        this.judge = judge;
    }

    public ScoreMode mode() {
        return params.mode();
    }

    @Override
    public String toString() {
        return String.format("ScoreResult{reward=%.6f, count=%d, weight=%.1f, coverage=%.4f, p10=%.4f, p50=%.4f, "
                        + "p90=%.4f, height=%d, model=%s, judge=%s, params=%s}", reward, count, weight, coverage, p10, p50,
                p90, height, modelId, judge, params);
    }
}
