package org.wishledger.scoring.score;

import java.util.Arrays;

/**
 * Caller-owned working memory of a {@link Scorer}: top-k heaps and candidate lists per query of a batch, and the
 * stance/weight buffers behind the quantiles. One per scoring thread; sized once, grown only when a larger batch,
 * k or gate arrives (so a steady hot loop allocates nothing).
 */
public final class ScoreScratch {
    float[][] heapScore;
    int[][] heapRow;
    int[] heapSize;
    float[] bars = new float[0];
    int[][] candidates;
    int[] candidateCount;
    float[] stances;
    double[] weights;
    int[] draws = new int[0];
    /** Rows admitted by the last {@link Scorer#admit} call. */
    int admitted;

    /** The approximate gate's working memory (docs/scoring.md, "Approximate gate at scale"). */
    final org.wishledger.scoring.ann.IvfScratch ivf = new org.wishledger.scoring.ann.IvfScratch();
    /** Four stances from one sampled-mode kernel call. */
    final float[] stanceQuad = new float[4];
    private float[] scores = new float[0];
    private float[] packed = new float[0];

    /** How many rows the last {@link Scorer#admit} call returned. */
    public int admittedCount() {
        return admitted;
    }

    public ScoreScratch(int maxBatch, int k) {
        heapScore = new float[0][];
        heapRow = new int[0][];
        heapSize = new int[0];
        candidates = new int[0][];
        candidateCount = new int[0];
        stances = new float[0];
        weights = new double[0];
        ensure(maxBatch, k);
    }

    void ensure(int batch, int k) {
        int kk = Math.max(k, 1);
        if (heapSize.length < batch) {
            int old = heapSize.length;
            heapScore = Arrays.copyOf(heapScore, batch);
            heapRow = Arrays.copyOf(heapRow, batch);
            heapSize = new int[batch];
            bars = new float[batch];
            candidates = Arrays.copyOf(candidates, batch);
            candidateCount = new int[batch];
            for (int i = old; i < batch; i++) {
                heapScore[i] = new float[kk];
                heapRow[i] = new int[kk];
                candidates[i] = new int[64];
            }
        }
        for (int i = 0; i < batch; i++) {
            if (heapScore[i].length < kk) {
                heapScore[i] = new float[kk];
                heapRow[i] = new int[kk];
            }
        }
        ensureStances(kk);
    }

    void ensureStances(int n) {
        if (stances.length < n) {
            int cap = Math.max(n, stances.length * 2);
            stances = new float[cap];
            weights = new double[cap];
        }
    }

    /** The block of partial scores of the batched gate. */
    float[] tile(int n) {
        if (scores.length < n) {
            scores = new float[n];
        }
        return scores;
    }

    float[] packedQueries(int n) {
        if (packed.length < n) {
            packed = new float[n];
        }
        return packed;
    }

    void ensureDraws(int n) {
        if (draws.length < n) {
            draws = new int[Math.max(n, draws.length * 2)];
        }
    }

    void addCandidate(int q, int row) {
        int n = candidateCount[q];
        if (n == candidates[q].length) {
            candidates[q] = Arrays.copyOf(candidates[q], n * 2);
        }
        candidates[q][n] = row;
        candidateCount[q] = n + 1;
    }
}
