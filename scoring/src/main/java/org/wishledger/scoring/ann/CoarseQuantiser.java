package org.wishledger.scoring.ann;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.wishledger.scoring.score.Kernels;

/**
 * The IVF's coarse quantiser: {@code nlist} unit centroids ("leaves", one per inverted list) grouped under
 * {@code T ~ sqrt(nlist)} top centroids; leaves of top t are {@code [leafStart[t], leafStart[t+1])}. Trained by
 * spherical k-means twice (the top level on a sample, then each top cluster's members into leaves in proportion to
 * its size), so training and assignment cost ~{@code T + topProbe * nlist / T} dot products per vector instead of
 * {@code nlist}: at nlist = 4096 that is ~200 instead of 4096, which is what makes a 10^7-row build take minutes.
 * A query still scores every leaf (one flat scan of nlist x dims floats, ~6 MB at 4096 x 384) so that probing does
 * not inherit the two-level approximation.
 *
 * <p>Centroids live in native memory (the Vector API loads off-heap segments; heap float[] segments it refuses).
 * Immutable once trained.
 */
public final class CoarseQuantiser {
    /** Top clusters whose leaves are searched when assigning a vector to its list. */
    static final int TOP_PROBE = 2;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final int dims;
    private final int tops;
    private final int nlist;
    private final int[] leafStart;
    private final MemorySegment top;
    private final MemorySegment leaves;
    private final float[] topScores;

    CoarseQuantiser(int dims, int[] leafStart, MemorySegment top, MemorySegment leaves) {
        this.dims = dims;
        this.tops = leafStart.length - 1;
        this.nlist = leafStart[tops];
        this.leafStart = leafStart;
        this.top = top;
        this.leaves = leaves;
        this.topScores = new float[tops];
    }

    /**
     * Trains on {@code n} unit vectors {@code sample[0..n)} for about {@code nlist} lists (exactly nlist unless a
     * small top cluster has fewer members than its share).
     */
    public static CoarseQuantiser train(float[][] sample, int n, int nlist, int iterations, long seed) {
        if (n < 1 || nlist < 1) {
            throw new IllegalArgumentException("need at least one vector and one list");
        }
        int dims = sample[0].length;
        int tops = Math.max(1, Math.min(n, (int) Math.round(Math.sqrt(nlist))));
        SplittableRandom random = new SplittableRandom(seed);
        float[][] topCentroids = SphericalKMeans.train(sample, identity(n), n, tops, iterations, random);
        MemorySegment topSeg = toSegment(topCentroids, dims);
        int[] assignment = new int[n];
        int[] members = new int[tops];
        for (int i = 0; i < n; i++) {
            assignment[i] = best(topSeg, tops, sample[i], dims);
            members[assignment[i]]++;
        }
        int[][] byTop = new int[tops][];
        for (int t = 0; t < tops; t++) {
            byTop[t] = new int[members[t]];
        }
        int[] fill = new int[tops];
        for (int i = 0; i < n; i++) {
            byTop[assignment[i]][fill[assignment[i]]++] = i;
        }
        int[] leafStart = new int[tops + 1];
        float[][][] leafCentroids = new float[tops][][];
        for (int t = 0; t < tops; t++) {
            int share = (int) Math.round((double) nlist * members[t] / n);
            int leavesOfT = Math.max(members[t] == 0 ? 0 : 1, Math.min(members[t], share));
            leafCentroids[t] = SphericalKMeans.train(sample, byTop[t], members[t], leavesOfT, iterations, random);
            leafStart[t + 1] = leafStart[t] + leafCentroids[t].length;
        }
        float[][] flat = new float[leafStart[tops]][];
        for (int t = 0; t < tops; t++) {
            System.arraycopy(leafCentroids[t], 0, flat, leafStart[t], leafCentroids[t].length);
        }
        return new CoarseQuantiser(dims, leafStart, topSeg, toSegment(flat, dims));
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    static MemorySegment toSegment(float[][] vectors, int dims) {
        MemorySegment seg = Arena.ofAuto().allocate(Math.max(4L, 4L * dims * vectors.length), 64);
        for (int c = 0; c < vectors.length; c++) {
            MemorySegment.copy(vectors[c], 0, seg, FLOAT, 4L * dims * c, dims);
        }
        return seg;
    }

    /** The most similar of {@code count} centroids stored back to back in {@code centroids}. */
    static int best(MemorySegment centroids, int count, float[] v, int dims) {
        int best = 0;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            float s = Kernels.dot(centroids, 4L * dims * c, v, dims);
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        return best;
    }

    public int dimensions() {
        return dims;
    }

    public int lists() {
        return nlist;
    }

    int tops() {
        return tops;
    }

    int leafStart(int t) {
        return leafStart[t];
    }

    MemorySegment topSegment() {
        return top;
    }

    MemorySegment leafSegment() {
        return leaves;
    }

    /** The list a (dequantised) vector belongs to: best leaf under its {@link #TOP_PROBE} best top centroids. */
    public int assign(float[] v) {
        for (int t = 0; t < tops; t++) {
            topScores[t] = Kernels.dot(top, 4L * dims * t, v, dims);
        }
        int bestLeaf = 0;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < Math.min(TOP_PROBE, tops); p++) {
            int t = 0;
            for (int i = 1; i < tops; i++) {
                if (topScores[i] > topScores[t]) {
                    t = i;
                }
            }
            topScores[t] = Float.NEGATIVE_INFINITY; // next round takes the runner-up
            for (int c = leafStart[t]; c < leafStart[t + 1]; c++) {
                float s = Kernels.dot(leaves, 4L * dims * c, v, dims);
                if (s > bestScore) {
                    bestScore = s;
                    bestLeaf = c;
                }
            }
        }
        return bestLeaf;
    }

    float score(int list, float[] q) {
        return Kernels.dot(leaves, 4L * dims * list, q, dims);
    }

    /** The {@code nprobe} lists whose centroids are most similar to {@code q}, into {@code probes}. */
    void probe(float[] q, int nprobe, TopK probes) {
        probes.reset(Math.min(nprobe, nlist), Float.NEGATIVE_INFINITY);
        for (int c = 0; c < nlist; c++) {
            float s = Kernels.dot(leaves, 4L * dims * c, q, dims);
            if (s >= probes.bar()) {
                probes.offer(c, s);
            }
        }
    }
}
