package org.wishledger.scoring.ann;

import org.wishledger.scoring.embed.VectorMath;

/**
 * A seeded stand-in for a large ledger's scenario vectors: row i is {@code unit(c + sigma_i * g)} with c one of
 * the given centres (real MiniLM embeddings of the shipped wishes, in the benchmarks), picked uniformly, g a
 * standard normal vector scaled by 1/sqrt(dims) (so |g| ~ 1), and sigma_i uniform in [0.5, 1.5] x sigma0 (tight
 * paraphrase-like clusters and loose ones). The row is a pure function of (seed, i): the benchmark regenerates a
 * row's exact float vector for the ground truth instead of keeping 15 GB of floats at 10^7 rows.
 *
 * <p>Noise: the sum of four 16-bit uniforms from one 64-bit splitmix draw per component, centred and scaled to unit
 * variance (Irwin-Hall n = 4; close to normal for this purpose and ~10x cheaper than Box-Muller, which matters at
 * 3.8 * 10^9 components).
 */
public final class SyntheticWishes implements Int8Rows {
    private final float[][] centres;
    private final int dims;
    private final int count;
    private final double sigma0;
    private final long seed;
    private final float[] scratch;

    public SyntheticWishes(float[][] centres, int count, double sigma0, long seed) {
        this.centres = centres;
        this.dims = centres[0].length;
        this.count = count;
        this.sigma0 = sigma0;
        this.seed = seed;
        this.scratch = new float[dims];
    }

    /**
     * The noise level at which a row's expected cosine to its centre is {@code cos}: |c| = 1, |sigma g| ~ sigma,
     * so cos ~ 1 / sqrt(1 + sigma^2).
     */
    public static double sigmaForCosine(double cos) {
        return Math.sqrt(1 / (cos * cos) - 1);
    }

    @Override
    public int dimensions() {
        return dims;
    }

    @Override
    public int count() {
        return count;
    }

    /** The exact unit vector of row {@code i} (any i >= 0; rows past count() serve as fresh queries). */
    public void vector(long i, float[] out) {
        long state = seed ^ (0x9E3779B97F4A7C15L * (i + 1));
        long z = mix(state += 0x9E3779B97F4A7C15L);
        float[] c = centres[(int) Long.remainderUnsigned(z, centres.length)];
        z = mix(state += 0x9E3779B97F4A7C15L);
        double sigma = sigma0 * (0.5 + (z >>> 11) * 0x1.0p-53);
        // Irwin-Hall(4) of 16-bit uniforms: mean 2 * 65535, variance 4 * 65536^2 / 12
        float scale = (float) (sigma / Math.sqrt(dims) / (65536.0 / Math.sqrt(3)));
        for (int d = 0; d < dims; d++) {
            long r = mix(state += 0x9E3779B97F4A7C15L);
            long sum = (r & 0xffff) + ((r >>> 16) & 0xffff) + ((r >>> 32) & 0xffff) + (r >>> 48) - 2 * 65535;
            out[d] = c[d] + scale * sum;
        }
        VectorMath.normalise(out);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Row i quantised as the vector store does (symmetric int8, scale = max|x| / 127). */
    @Override
    public float read(int row, byte[] out) {
        vector(row, scratch);
        return quantise(scratch, out);
    }

    public static float quantise(float[] v, byte[] out) {
        float max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        float inv = max == 0 ? 0 : 127f / max;
        for (int i = 0; i < v.length; i++) {
            float x = v[i] * inv;
            out[i] = (byte) (int) (x + (x >= 0 ? 0.5f : -0.5f));
        }
        return max == 0 ? 0 : max / 127f;
    }
}
