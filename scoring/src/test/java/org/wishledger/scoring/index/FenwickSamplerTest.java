package org.wishledger.scoring.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FenwickSamplerTest {
    /** Draw counts per row must match weight shares: each within 5 binomial standard deviations. */
    private static void assertFrequencies(FenwickSampler s, double[] w, long seed, int draws) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] hits = new int[w.length];
        for (int i = 0; i < draws; i++) {
            hits[s.find(rnd.nextDouble() * s.total())]++;
        }
        double total = 0;
        for (double x : w) {
            total += x;
        }
        for (int row = 0; row < w.length; row++) {
            double p = w[row] / total;
            double sd = Math.sqrt(draws * p * (1 - p));
            assertEquals(draws * p, hits[row], 5 * sd + 1e-9,
                    "row " + row + " weight " + w[row] + " seed " + seed);
        }
    }

    @Test
    void drawsFollowWeightsIncludingAfterUpdatesAndGrowth() {
        long seed = 7;
        FenwickSampler s = new FenwickSampler();
        double[] w = new double[3000]; // forces two rebuilds of the tree (1024 -> 2048 -> 4096)
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < w.length; i++) {
            w[i] = i % 10 == 0 ? 0 : rnd.nextInt(5);
            s.set(i, w[i]);
        }
        w[5] = 400; // an endorsement makes one wish heavy
        s.set(5, 400);
        w[2999] = 300;
        s.set(2999, 300);
        assertFrequencies(s, w, seed, 200_000);
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        assertEquals(sum, s.total(), 1e-6);
    }

    @Test
    void zeroWeightRowsAreNeverDrawn() {
        FenwickSampler s = new FenwickSampler();
        s.set(0, 0);
        s.set(1, 2);
        s.set(2, 0);
        s.set(3, 1);
        s.set(4, 0);
        for (double u = 0; u < s.total(); u += 0.001) {
            int row = s.find(u);
            assertTrue(row == 1 || row == 3, "u=" + u + " drew row " + row);
        }
        assertEquals(3, s.find(Math.nextDown(s.total())));
        assertEquals(1, s.find(0));
    }

    @Test
    void rejectsNegativeWeights() {
        assertThrows(IllegalArgumentException.class, () -> new FenwickSampler().set(0, -1));
    }
}
