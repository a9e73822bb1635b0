package org.wishledger.scoring.ann;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.wishledger.scoring.embed.VectorMath;

/**
 * Spherical k-means (Lloyd iterations on unit vectors, similarity = dot product, centroids renormalised): the
 * clustering that matches a cosine gate. Seeded from distinct random members (k-means++ would cost k passes over
 * the sample; with 40+ members per centroid random seeding is within a few percent of it for IVF recall). An
 * empty cluster is re-seeded with a random member so that no list is wasted.
 */
final class SphericalKMeans {
    private SphericalKMeans() {
    }

    /**
     * Clusters the members {@code ids[0..n)} of {@code data} into {@code min(k, n)} unit centroids.
     */
    static float[][] train(float[][] data, int[] ids, int n, int k, int iterations, SplittableRandom random) {
        int kk = Math.min(k, n);
        if (kk == 0) {
            return new float[0][];
        }
        int dims = data[ids[0]].length;
        int[] pool = java.util.Arrays.copyOf(ids, n);
        float[][] centroids = new float[kk][];
        for (int c = 0; c < kk; c++) {
            int j = c + random.nextInt(n - c);
            int t = pool[c];
            pool[c] = pool[j];
            pool[j] = t;
            centroids[c] = data[pool[c]].clone();
        }
        double[][] sums = new double[kk][dims];
        int[] counts = new int[kk];
        for (int it = 0; it < iterations; it++) {
            MemorySegment seg = CoarseQuantiser.toSegment(centroids, dims);
            for (double[] s : sums) {
                java.util.Arrays.fill(s, 0);
            }
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                float[] v = data[ids[i]];
                int best = CoarseQuantiser.best(seg, kk, v, dims);
                counts[best]++;
                double[] sum = sums[best];
                for (int d = 0; d < dims; d++) {
                    sum[d] += v[d];
                }
            }
            for (int c = 0; c < kk; c++) {
                if (counts[c] == 0) {
                    centroids[c] = data[ids[random.nextInt(n)]].clone();
                    continue;
                }
                float[] cen = centroids[c];
                for (int d = 0; d < dims; d++) {
                    cen[d] = (float) sums[c][d];
                }
                VectorMath.normalise(cen);
            }
        }
        return centroids;
    }
}
