package org.wishledger.scoring.bench;

import java.nio.file.Path;
import java.util.Arrays;
import org.wishledger.scoring.embed.VectorMath;
import org.wishledger.scoring.store.VectorStore;

/**
 * How much the int8 gate loses: for every (query, row) pair of a store, the error of the dequantised scenario
 * cosine, and how many of the exact top-k rows the int8 top-k keeps. Queries are the store's own scenario vectors
 * at a fixed stride (so near neighbours exist, as with real prompts).
 * Usage: {@code Int8Accuracy STORE_DIR MODEL_ID DIMS [k]}.
 */
public final class Int8Accuracy {
    private Int8Accuracy() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int dims = Integer.parseInt(args[2]);
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        try (VectorStore store = VectorStore.open(dir, args[1], dims)) {
            int n = Math.min(store.count(), 200_000);
            float[][] exact = new float[n][dims];
            float[][] quant = new float[n][dims];
            for (int r = 0; r < n; r++) {
                store.read(store.scenario(), r, exact[r]);
                store.readScenarioInt8(r, quant[r]);
            }
            int queries = Math.min(50, n);
            double maxErr = 0;
            double sumErr = 0;
            long pairs = 0;
            double overlap = 0;
            double[] e = new double[n];
            double[] a = new double[n];
            for (int qi = 0; qi < queries; qi++) {
                float[] q = exact[(int) ((long) qi * n / queries)];
                for (int r = 0; r < n; r++) {
                    e[r] = VectorMath.dot(q, exact[r]);
                    a[r] = VectorMath.dot(q, quant[r]);
                    double err = Math.abs(e[r] - a[r]);
                    maxErr = Math.max(maxErr, err);
                    sumErr += err;
                    pairs++;
                }
                double te = kth(e, Math.min(k, n));
                double ta = kth(a, Math.min(k, n));
                int kept = 0;
                int inExact = 0;
                for (int r = 0; r < n; r++) {
                    if (e[r] >= te) {
                        inExact++;
                        if (a[r] >= ta) {
                            kept++;
                        }
                    }
                }
                overlap += (double) kept / inExact;
            }
            System.out.printf("%s: %d rows x %d queries: |cos error| mean %.2e, max %.2e; top-%d kept by int8: %.2f%%%n",
                    dir, n, queries, sumErr / pairs, maxErr, k, 100 * overlap / queries);
        }
    }

    private static double kth(double[] v, int k) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length - k];
    }
}
