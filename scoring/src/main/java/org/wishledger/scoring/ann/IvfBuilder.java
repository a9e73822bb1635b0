package org.wishledger.scoring.ann;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.wishledger.scoring.embed.VectorMath;

/**
 * Builds an {@link IvfIndex} over rows {@code [0, n)} of a source: trains the coarse quantiser on a random sample
 * (dequantised int8 rows, renormalised), then adds every row in order. The shape follows the row count:
 * {@code nlist = listsPerSqrtN * sqrt(n)} (FAISS's rule of thumb is sqrt(N)..4 sqrt(N); we measured 2, see
 * docs/scoring.md "Approximate gate at scale"), {@link #SAMPLE_PER_LIST} training vectors per list, chunks of
 * about an eighth of an average list (16..256 rows) so that the half-empty last chunk of each list wastes ~6%.
 */
public final class IvfBuilder {
    public static final double DEFAULT_LISTS_PER_SQRT_N = 2.0;
    /** Training vectors per list (FAISS warns below 39). */
    public static final int SAMPLE_PER_LIST = 40;
    public static final int ITERATIONS = 8;
    private static final long REGION_TARGET_BYTES = 64L << 20;

    private final double listsPerSqrtN;
    private final long seed;

    public IvfBuilder(double listsPerSqrtN, long seed) {
        if (!(listsPerSqrtN > 0)) {
            throw new IllegalArgumentException("listsPerSqrtN must be > 0");
        }
        this.listsPerSqrtN = listsPerSqrtN;
        this.seed = seed;
    }

    public IvfBuilder() {
        this(DEFAULT_LISTS_PER_SQRT_N, 20261204L);
    }

    public int listsFor(int n) {
        return Math.max(1, Math.min(1 << 16, (int) Math.round(listsPerSqrtN * Math.sqrt(n))));
    }

    static int chunkRowsFor(int n, int nlist) {
        int target = Math.max(16, Math.min(256, n / Math.max(1, nlist) / 8));
        return Integer.highestOneBit(target); // a power of two >= 16: vectors stay 64-byte aligned in the chunk
    }

    /**
     * Trains on a sample of rows {@code [0, n)} and indexes them, in {@code dir} (null: anonymous memory).
     * {@code n} may be smaller than {@code source.count()}: later rows are added with {@link IvfIndex#add}.
     */
    public IvfIndex build(Int8Rows source, int n, Path dir, String modelId) {
        if (n < 1 || n > source.count()) {
            throw new IllegalArgumentException("cannot build over " + n + " of " + source.count() + " rows");
        }
        int dims = source.dimensions();
        int nlist = listsFor(n);
        int sampleSize = (int) Math.min(n, (long) SAMPLE_PER_LIST * nlist);
        float[][] sample = sample(source, n, sampleSize, new SplittableRandom(seed));
        CoarseQuantiser q = CoarseQuantiser.train(sample, sampleSize, nlist, ITERATIONS, seed);
        int chunkRows = chunkRowsFor(n, q.lists());
        long chunkBytes = InvertedLists.chunkBytes(dims, chunkRows);
        long expectedChunks = (long) q.lists() + n / chunkRows + 1;
        int shift = 63 - Long.numberOfLeadingZeros(Math.max(1, Math.min(expectedChunks,
                REGION_TARGET_BYTES / chunkBytes)));
        IvfIndex index = IvfIndex.create(dir, modelId, q, n, chunkRows, shift);
        byte[] row = new byte[dims];
        for (int r = 0; r < n; r++) {
            index.addRow(r, row, source.read(r, row));
        }
        index.flush();
        return index;
    }

    /** {@code size} distinct rows of {@code [0, n)} (Floyd's algorithm), dequantised and renormalised. */
    private static float[][] sample(Int8Rows source, int n, int size, SplittableRandom random) {
        java.util.BitSet taken = new java.util.BitSet(n);
        int[] rows = new int[size];
        int m = 0;
        for (int j = n - size; j < n; j++) {
            int t = random.nextInt(j + 1);
            int pick = taken.get(t) ? j : t;
            taken.set(pick);
            rows[m++] = pick;
        }
        java.util.Arrays.sort(rows); // read the source in order
        int dims = source.dimensions();
        byte[] q = new byte[dims];
        float[][] out = new float[size][dims];
        for (int i = 0; i < size; i++) {
            source.read(rows[i], q);
            for (int d = 0; d < dims; d++) {
                out[i][d] = q[d];
            }
            VectorMath.normalise(out[i]);
        }
        return out;
    }
}
