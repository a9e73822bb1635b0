package org.wishledger.scoring.eval;

/**
 * Statistics of a preference evaluation: accuracy with a Wilson 95% interval (better than the normal
 * approximation near 0 or 1 and for small n), and an exact McNemar test of two configurations scored on the same
 * pairs (only the pairs where they disagree carry information about which is better).
 */
public final class PreferenceStats {
    private static final double Z95 = 1.959963984540054;

    private PreferenceStats() {
    }

    /** Accuracy and its Wilson 95% interval. */
    public record Interval(int correct, int n, double accuracy, double low, double high) {
        @Override
        public String toString() {
            return String.format("%.1f%% [%.1f, %.1f] (%d/%d)", 100 * accuracy, 100 * low, 100 * high, correct, n);
        }
    }

    /** McNemar: {@code onlyA} pairs that A got right and B wrong, {@code onlyB} the reverse; two-sided exact p. */
    public record Paired(int onlyA, int onlyB, double pValue) {
        @Override
        public String toString() {
            return String.format("A-only %d, B-only %d, exact McNemar p = %.3g", onlyA, onlyB, pValue);
        }
    }

    public static Interval wilson(int correct, int n) {
        if (n <= 0) {
            return new Interval(0, 0, 0, 0, 1);
        }
        double p = (double) correct / n;
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        return new Interval(correct, n, p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    public static Interval wilson(boolean[] correct) {
        int c = 0;
        for (boolean b : correct) {
            c += b ? 1 : 0;
        }
        return wilson(c, correct.length);
    }

    /** Exact two-sided McNemar test over per-pair outcomes of A and B (same pairs, same order). */
    public static Paired mcnemar(boolean[] a, boolean[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("outcomes of different lengths: " + a.length + " vs " + b.length);
        }
        int onlyA = 0;
        int onlyB = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] && !b[i]) {
                onlyA++;
            } else if (b[i] && !a[i]) {
                onlyB++;
            }
        }
        return new Paired(onlyA, onlyB, binomialTwoSided(Math.min(onlyA, onlyB), onlyA + onlyB));
    }

    /** P(X <= k or X >= n - k) for X ~ Binomial(n, 1/2), capped at 1; computed in logs so n in the thousands works. */
    static double binomialTwoSided(int k, int n) {
        if (n == 0) {
            return 1;
        }
        double tail = 0;
        double logHalfN = -n * Math.log(2);
        for (int i = 0; i <= k; i++) {
            tail += Math.exp(logChoose(n, i) + logHalfN);
        }
        return Math.min(1, 2 * tail);
    }

    private static double logChoose(int n, int k) {
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }
}
