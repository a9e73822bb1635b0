package org.wishledger.scoring.score;

/**
 * Weighted quantiles of stances, allocation-free: heap-sorts the (stance, weight) pairs in place, then
 * {@code quantile(q)} is the smallest stance s whose cumulative weight (of all stances <= s, in sorted order)
 * reaches q * total weight. With equal weights over 1..10, p10 = 1, p50 = 5, p90 = 9.
 */
public final class Quantiles {
    private static final double EPS = 1e-12;

    private Quantiles() {
    }

    public static void sort(float[] keys, double[] weights, int n) {
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(keys, weights, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(keys, weights, 0, end);
            siftDown(keys, weights, 0, end);
        }
    }

    /** Requires the pairs sorted by {@link #sort}; {@code total} = sum of weights > 0. */
    public static double quantile(float[] sortedKeys, double[] weights, int n, double total, double q) {
        double target = q * total * (1 - EPS);
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += weights[i];
            if (cumulative >= target) {
                return sortedKeys[i];
            }
        }
        return sortedKeys[n - 1];
    }

    private static void siftDown(float[] keys, double[] weights, int i, int n) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                return;
            }
            if (child + 1 < n && keys[child + 1] > keys[child]) {
                child++;
            }
            if (keys[i] >= keys[child]) {
                return;
            }
            swap(keys, weights, i, child);
            i = child;
        }
    }

    private static void swap(float[] keys, double[] weights, int a, int b) {
        float k = keys[a];
        keys[a] = keys[b];
        keys[b] = k;
        double w = weights[a];
        weights[a] = weights[b];
        weights[b] = w;
    }
}
