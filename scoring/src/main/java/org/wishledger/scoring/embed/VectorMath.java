package org.wishledger.scoring.embed;

/** Small scalar helpers shared by the embedders, the store and the tests. */
public final class VectorMath {
    private VectorMath() {
    }

    /** Scales {@code v} to unit L2 norm in place; a zero vector stays zero. Norm computed in double. */
    public static void normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum == 0) {
            return;
        }
        double inv = 1.0 / Math.sqrt(sum);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] * inv);
        }
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    public static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }
}
