package org.wishledger.scoring.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wishledger.scoring.TestWishes;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.embed.VectorMath;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.index.Weighting;
import org.wishledger.scoring.store.VectorStore;

/** Each mode on hand-made vectors whose answers are known, then against a brute-force reference. */
class ScorerTest {
    private static final int D = 4;
    private final List<VectorStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(VectorStore::close);
    }

    private static float[] e(int axis) {
        float[] v = new float[D];
        v[axis] = 1;
        return v;
    }

    private static float[] mix(float[] a, float[] b) {
        float[] v = new float[a.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = a[i] + b[i];
        }
        VectorMath.normalise(v);
        return v;
    }

    private static float[] neg(float[] a) {
        float[] v = a.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
        }
        return v;
    }

    private WishIndex index(int dims) {
        return index(dims, 2); // 4 rows per region: crosses regions
    }

    private WishIndex index(int dims, int rowsPerRegionShift) {
        VectorStore store = VectorStore.inMemory("test-model", dims, rowsPerRegionShift);
        stores.add(store);
        return new WishIndex(store);
    }

    private static WishInput wish(int i, long burn, boolean hasUndesired) {
        return new WishInput(TestWishes.id(i), "s" + i, "d" + i, hasUndesired ? "u" + i : null, burn, 1000L * i,
                10 + i, List.of());
    }

    /**
     * Prompt e0. Scenarios: A = e0 (cos 1), B = (e0+e1)/sqrt2 (cos .707), C = e1 (cos 0), Z = e0 with burn 0,
     * E = -e0 (cos -1). Response e2. A: desired e2, undesired e3 -> stance 1. B: desired e3, undesired e2 -> -1.
     * C: desired e2, no undesired -> 1 - B1. E: desired e2 -> 1 - B1, where B1 is the one-sided baseline: the mean
     * cosine of distinct answer texts, here e2 x 5 (A, B, C, Z, E) and e3 x 2 (A, B): (5*4 + 2*1) / (7*6) = 11/21.
     */
    private WishIndex handMade() {
        WishIndex index = index(D);
        index.append(wish(0, 3, true), e(0), e(2), e(3));            // A
        index.append(wish(1, 1, true), mix(e(0), e(1)), e(3), e(2)); // B
        index.append(wish(2, 4, false), e(1), e(2), null);           // C
        index.append(wish(3, 0, false), e(0), e(2), null);           // Z: no weight, never votes
        index.append(wish(4, 2, false), neg(e(0)), e(2), null);      // E
        return index;
    }

    private static final double B1 = 11.0 / 21;
    private static final double ONE_SIDED = 1 - B1;

    private static ScoreResult score(WishIndex index, ScoreParams p) {
        ScoreResult out = new ScoreResult();
        new Scorer(index).score(e(0), e(2), p, new ScoreScratch(1, p.k()), out);
        return out;
    }

    @Test
    void thresholdGateAdmitsOnlyNearScenariosAndWeightsStances() {
        WishIndex index = handMade();
        ScoreResult r = score(index, ScoreParams.gated(0, 0.5f));
        assertEquals(2, r.count(), "A and B pass cos >= 0.5; Z has burn 0");
        assertEquals((3 * 1.0 + 1 * -1.0) / 4, r.reward(), 1e-6);
        assertEquals(4, r.weight(), 1e-9);
        assertEquals(10, r.totalWeight(), 1e-9);
        assertEquals(0.4, r.coverage(), 1e-9);
        // weighted quantiles over {-1 (w 1), 1 (w 3)}: p10 = -1, p50 = 1 (cumulative 1 < 2), p90 = 1
        assertEquals(-1, r.p10(), 1e-6);
        assertEquals(1, r.p50(), 1e-6);
        assertEquals(1, r.p90(), 1e-6);
        assertEquals(14, r.height(), "height of the last appended wish");
        assertEquals("test-model", r.modelId());
        assertEquals(ScoreMode.GATED, r.mode());
    }

    @Test
    void topKGateKeepsTheMostSimilarScenarios() {
        WishIndex index = handMade();
        assertEquals(B1, index.oneSidedBaseline(), 1e-6);
        assertEquals(1.0, score(index, ScoreParams.gated(1, -1f)).reward(), 1e-6, "k=1: only A");
        ScoreResult k3 = score(index, ScoreParams.gated(3, -1f));
        assertEquals(3, k3.count(), "A, B, C (Z excluded for burn 0, E least similar)");
        assertEquals((3 - 1 + 4 * ONE_SIDED) / 8.0, k3.reward(), 1e-6);
        ScoreResult both = score(index, ScoreParams.gated(3, 0.5f));
        assertEquals(2, both.count(), "top-k and threshold together: the stricter wins");
    }

    @Test
    void sqrtWeightingDampsHeavyBurns() {
        WishIndex index = handMade();
        ScoreResult r = score(index, ScoreParams.gated(0, 0.5f).withWeighting(Weighting.SQRT));
        assertEquals((Math.sqrt(3) - 1) / (Math.sqrt(3) + 1), r.reward(), 1e-6);
        assertEquals(Math.sqrt(3) + 1 + 2 + Math.sqrt(2), r.totalWeight(), 1e-9);
    }

    @Test
    void emptyGateGivesNeutralRewardAndNoQuantiles() {
        WishIndex index = handMade();
        ScoreResult r = new ScoreResult();
        float[] prompt = e(3); // no scenario points along e3
        new Scorer(index).score(prompt, e(2), ScoreParams.gated(0, 0.5f), new ScoreScratch(1, 0), r);
        assertEquals(0, r.count());
        assertEquals(0, r.reward());
        assertEquals(0, r.coverage());
        assertTrue(Double.isNaN(r.p50()));
    }

    @Test
    void endorsementChangesWeightWithoutRescan() {
        WishIndex index = handMade();
        index.updateWeight(TestWishes.id(1), 3, 20); // B now weighs as much as A
        ScoreResult r = score(index, ScoreParams.gated(0, 0.5f));
        assertEquals(0, r.reward(), 1e-6);
        assertEquals(20, r.height());
        assertEquals(12, r.totalWeight(), 1e-9);
        index.updateWeight(TestWishes.id(3), 5, 21); // Z gets a burn and now votes
        assertEquals(3, score(index, ScoreParams.gated(0, 0.5f)).count());
    }

    @Test
    void meanIsTheUngatedWeightedMeanOfStances() {
        WishIndex index = handMade();
        ScoreResult mean = score(index, ScoreParams.mean());
        // stances A 1 (w3), B -1 (w1), C 1 - B1 (w4), E 1 - B1 (w2)
        assertEquals((3 - 1 + 6 * ONE_SIDED) / 10, mean.reward(), 1e-6, "float centroid");
        assertEquals(4, mean.count());
        assertEquals(1, mean.coverage());
        ScoreResult all = score(index, ScoreParams.gated(0, -1f));
        assertEquals(all.reward(), mean.reward(), 1e-6, "mean mode = ungated gated pass");
        index.updateWeight(TestWishes.id(2), 0, 30); // C loses its weight: the centroid follows
        assertEquals((3 - 1 + 2 * ONE_SIDED) / 6.0, score(index, ScoreParams.mean()).reward(), 1e-6);
        assertEquals(3, score(index, ScoreParams.mean()).count());
    }

    @Test
    void sampledAveragesDrawsProportionalToWeight() {
        WishIndex index = handMade();
        long seed = 20261127L;
        ScoreResult r = score(index, ScoreParams.sampled(20_000, seed));
        // P(stance=-1) = 1/10, P(1) = 3/10, P(1 - B1) = 6/10; sd of one draw < 1, of the mean < 1/sqrt(20000)
        assertEquals((3 - 1 + 6 * ONE_SIDED) / 10, r.reward(), 5 / Math.sqrt(20_000), "seed " + seed);
        assertEquals(20_000, r.count());
        assertEquals(ONE_SIDED, r.p50(), 1e-6, "cumulative weight 0.1 at -1, 0.7 at 1 - B1; seed " + seed);
        assertEquals(1, r.p90(), 1e-6);
        ScoreResult again = score(index, ScoreParams.sampled(20_000, seed));
        assertEquals(r.reward(), again.reward(), 0.0, "same seed, same draws");
        ScoreResult other = score(index, ScoreParams.sampled(64, seed + 1));
        ScoreResult first = score(index, ScoreParams.sampled(64, seed));
        assertNotEquals(first.reward(), other.reward(), "another seed draws other wishes (seed " + seed + ")");
    }

    /** The vectorised stance path (dims a multiple of the vector width), odd K to exercise the scalar tail too. */
    @Test
    void sampledOnWideVectorsMatchesTheWeightShares() {
        long seed = 99;
        SplittableRandom rnd = new SplittableRandom(seed);
        int dims = 64;
        WishIndex index = index(dims);
        float[] r = random(rnd, dims);
        float[] minusR = r.clone();
        for (int i = 0; i < dims; i++) {
            minusR[i] = -r[i];
        }
        double heavy = 0;
        double total = 0;
        for (int i = 0; i < 101; i++) {
            long burn = 1 + rnd.nextInt(100);
            boolean two = i % 3 == 0; // stance cos(r, r) - cos(r, -r) = 2, else cos(r, r) - b
            index.append(wish(i, burn, two), random(rnd, dims), r, two ? minusR : null);
            total += burn;
            heavy += two ? burn : 0;
        }
        double p = heavy / total;
        // answer texts: r x 101, -r x 34; b = (|67 r|^2 - 135) / (135 * 134)
        double b = (67.0 * 67 - 135) / (135.0 * 134);
        assertEquals(b, index.oneSidedBaseline(), 1e-5);
        int k = 20_001;
        ScoreResult out = new ScoreResult();
        new Scorer(index).score(random(rnd, dims), r, ScoreParams.sampled(k, seed), new ScoreScratch(1, 1), out);
        double expected = 2 * p + (1 - b) * (1 - p);
        assertEquals(expected, out.reward(), 5 * (1 + b) * Math.sqrt(p * (1 - p) / k), "seed " + seed);
        ScoreResult all = new ScoreResult();
        new Scorer(index).score(random(rnd, dims), r, ScoreParams.gated(0, -1f), new ScoreScratch(1, 0), all);
        assertEquals(expected, all.reward(), 1e-5, "ungated gate over 101 wishes (odd count: scalar tail)");
    }

    @Test
    void rejectsVectorsOfTheWrongSize() {
        WishIndex index = handMade();
        Scorer scorer = new Scorer(index);
        assertThrows(IllegalArgumentException.class, () -> scorer.score(new float[3], e(2), ScoreParams.defaults(),
                new ScoreScratch(1, 32), new ScoreResult()));
    }

    /** The one-sided baseline by brute force: mean cosine over ordered pairs of distinct answer texts. */
    static double baseline(float[][] d, float[][] u) {
        List<float[]> texts = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            texts.add(d[i]);
            if (u[i] != null) {
                texts.add(u[i]);
            }
        }
        double sum = 0;
        for (int i = 0; i < texts.size(); i++) {
            for (int j = 0; j < texts.size(); j++) {
                sum += i == j ? 0 : VectorMath.dot(texts.get(i), texts.get(j));
            }
        }
        return sum / ((double) texts.size() * (texts.size() - 1));
    }

    /**
     * Brute force in double precision: top-k by scenario similarity, then the weighted mean of stances (a wish
     * without an undesired text: cos(r, d) minus the baseline).
     */
    private static double[] reference(float[][] s, float[][] d, float[][] u, long[] burn, float[] p, float[] r,
                                      int k, float threshold) {
        double b = baseline(d, u);
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> -VectorMath.dot(p, s[i])));
        double sumW = 0;
        double sumWS = 0;
        int count = 0;
        for (int i : order) {
            if (k > 0 && count == k) {
                break;
            }
            if (burn[i] == 0 || VectorMath.dot(p, s[i]) < threshold) {
                continue;
            }
            count++;
            double stance = VectorMath.dot(r, d[i]) - (u[i] == null ? b : VectorMath.dot(r, u[i]));
            sumW += burn[i];
            sumWS += burn[i] * stance;
        }
        return new double[] {count, count == 0 ? 0 : sumWS / sumW, sumW};
    }

    private static float[] random(SplittableRandom rnd, int dims) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        VectorMath.normalise(v);
        return v;
    }

    @Test
    void batchedAndInt8AgreeWithBruteForce() {
        long seed = 42;
        SplittableRandom rnd = new SplittableRandom(seed);
        int dims = 72; // not a multiple of the vector width: exercises the scalar tails too
        int n = 203;   // 7 regions of 32 rows, the last one partial: full and partial 4- and 6-row micro-tiles
        WishIndex index = index(dims, 5);
        float[][] s = new float[n][];
        float[][] d = new float[n][];
        float[][] u = new float[n][];
        long[] burn = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = random(rnd, dims);
            d[i] = random(rnd, dims);
            u[i] = i % 3 == 0 ? null : random(rnd, dims);
            burn[i] = i % 17 == 0 ? 0 : 1 + rnd.nextInt(1000);
            index.append(wish(i, burn[i], u[i] != null), s[i], d[i], u[i]);
        }
        Scorer scorer = new Scorer(index);
        // 7: the narrow kernel (<= one vector of queries); 21: the wide kernel with padding; 70: two passes
        for (int batch : new int[] {7, 21, 70}) {
            float[][] prompts = new float[batch][];
            float[][] responses = new float[batch][];
            ScoreResult[] out = new ScoreResult[batch];
            for (int q = 0; q < batch; q++) {
                prompts[q] = random(rnd, dims);
                responses[q] = random(rnd, dims);
                out[q] = new ScoreResult();
            }
            ScoreScratch scratch = new ScoreScratch(batch, 16);
            for (ScoreParams p : List.of(ScoreParams.gated(16, -1f), ScoreParams.gated(0, 0.1f),
                    ScoreParams.gated(5, 0.05f))) {
                scorer.scoreBatch(prompts, responses, batch, p, scratch, out);
                for (int q = 0; q < batch; q++) {
                    double[] ref = reference(s, d, u, burn, prompts[q], responses[q], p.k(), p.threshold());
                    String msg = "seed " + seed + ", batch " + batch + ", query " + q + ", " + p;
                    assertEquals((int) ref[0], out[q].count(), msg);
                    assertEquals(ref[1], out[q].reward(), 1e-5, msg);
                    assertEquals(ref[2], out[q].weight(), 1e-6, msg);
                    ScoreResult single = new ScoreResult();
                    scorer.score(prompts[q], responses[q], p, scratch, single);
                    assertEquals(out[q].reward(), single.reward(), 1e-6, msg);
                }
            }
        }
        int batch = 7;
        float[][] prompts = new float[batch][];
        float[][] responses = new float[batch][];
        ScoreResult[] out = new ScoreResult[batch];
        for (int q = 0; q < batch; q++) {
            prompts[q] = random(rnd, dims);
            responses[q] = random(rnd, dims);
            out[q] = new ScoreResult();
        }
        ScoreScratch scratch = new ScoreScratch(batch, 16);
        // int8 gate: the same wishes pass the gate unless two scenario scores are closer than the int8 error
        ScoreParams p8 = ScoreParams.gated(16, -1f).withInt8(true);
        scorer.scoreBatch(prompts, responses, batch, p8, scratch, out);
        for (int q = 0; q < batch; q++) {
            double[] ref = reference(s, d, u, burn, prompts[q], responses[q], 16, -1f);
            assertEquals(ref[1], out[q].reward(), 0.05, "seed " + seed + ", int8 query " + q);
        }
    }

    @Test
    void quantilesOfEqualWeights() {
        float[] keys = {7, 3, 10, 1, 5, 9, 2, 8, 4, 6};
        double[] w = new double[10];
        Arrays.fill(w, 1);
        Quantiles.sort(keys, w, 10);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, keys);
        assertEquals(1, Quantiles.quantile(keys, w, 10, 10, 0.1));
        assertEquals(5, Quantiles.quantile(keys, w, 10, 10, 0.5));
        assertEquals(9, Quantiles.quantile(keys, w, 10, 10, 0.9));
    }
}
