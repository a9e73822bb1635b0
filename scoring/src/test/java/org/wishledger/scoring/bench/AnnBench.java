package org.wishledger.scoring.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import org.wishledger.scoring.ann.Int8Rows;
import org.wishledger.scoring.ann.IvfBuilder;
import org.wishledger.scoring.ann.IvfIndex;
import org.wishledger.scoring.ann.IvfScratch;
import org.wishledger.scoring.ann.SyntheticWishes;
import org.wishledger.scoring.ann.TopK;
import org.wishledger.scoring.embed.VectorMath;
import org.wishledger.scoring.score.Kernels;

/**
 * Exact gate vs IVF gate, recall and time, for docs/benchmarks-scoring.md ("Approximate gate at scale").
 *
 * <pre>
 * AnnBench real  DATA CACHE                      recall on the real embeddings at their real size
 * AnnBench synth DATA CACHE N [listsPerSqrtN]    synthetic ledger of N rows around the real centres
 * </pre>
 * The exact gate's admitted set (ground truth) is computed from float vectors, as the default exact gate scores
 * (threshold 0.2, top 1024, float32); the IVF gate scores int8. Recall = |IVF set ∩ exact set| / |exact set|,
 * averaged over the queries whose exact set is not empty. Times are this thread's CPU time per query (the machine
 * is shared; waits for a core are left out), mean of the better of two rounds.
 */
public final class AnnBench {
    static final int K = 1024;
    static final float THRESHOLD = 0.2f;
    static final int QUERIES = Integer.getInteger("wl.ann.queries", 100);
    static final long SEED = 20261204L;
    static final int[] NPROBES = {8, 16, 32, 64, 128, 256, 512, 1024};
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The exact float vector of a row (regenerated for synthetic rows). */
    interface ExactRows {
        void vector(long row, float[] out);
    }

    private AnnBench() {
    }

    public static void main(String[] args) {
        RealEmbeddings real = new RealEmbeddings(Path.of(args[1]), Path.of(args[2]));
        int split = real.scenario.length * 4 / 5;
        float[][] heldOut = Arrays.copyOfRange(real.scenario, split, Math.min(real.scenario.length,
                split + Integer.getInteger("wl.ann.realQueries", 1 << 20)));
        double nnCos = medianNearestNeighbourCosine(real.scenario);
        System.out.printf("real wishes %d, median nearest-neighbour cosine of their scenarios %.3f%n",
                real.scenario.length, nnCos);
        if (args[0].equals("real")) {
            float[][] index = Arrays.copyOf(real.scenario, split);
            System.out.println("\n== real scenarios: index = first 80% (" + split + "), queries = last 20%");
            run(new ArrayRows(index), new ArrayRows(index), split, heldOut, 2.0, 0);
            float[][] all = allTexts(real, split);
            System.out.println("\n== real scenario+desired+undesired vectors of the first 80% (" + all.length + ")");
            run(new ArrayRows(all), new ArrayRows(all), all.length, heldOut, 2.0, 0);
            return;
        }
        int n = Integer.parseInt(args[3]);
        double perSqrt = args.length > 4 ? Double.parseDouble(args[4]) : IvfBuilder.DEFAULT_LISTS_PER_SQRT_N;
        double sigma0 = SyntheticWishes.sigmaForCosine(nnCos);
        float[][] centres = Arrays.copyOf(real.scenario, split); // held-out scenarios stay unseen queries
        SyntheticWishes synth = new SyntheticWishes(centres, n, sigma0, SEED);
        System.out.printf("synthetic: %,d rows around %d real centres, sigma0 %.3f (row-centre cosine ~%.3f)%n",
                n, centres.length, sigma0, nnCos);
        float[][] queries = new float[QUERIES][synth.dimensions()];
        for (int q = 0; q < QUERIES; q++) {
            synth.vector(4_000_000_000L + q, queries[q]); // same process, rows never indexed
        }
        System.out.println("\n== synthetic queries (same process, not indexed)");
        IvfIndex ivf = run(synth, synth::vector, n, queries, perSqrt, n <= 2_000_000 ? n : 0);
        System.out.println("\n== real held-out scenarios as queries (" + heldOut.length + ")");
        evaluate(ivf, synth::vector, n, heldOut);
        ivf.close();
    }

    private static float[][] allTexts(RealEmbeddings real, int split) {
        java.util.List<float[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < split; i++) {
            out.add(real.scenario[i]);
            out.add(real.desired[i]);
            if (real.undesired[i] != null) {
                out.add(real.undesired[i]);
            }
        }
        return out.toArray(new float[0][]);
    }

    /** Builds the IVF over rows [0, n), then measures exact and IVF gates; exactF32Rows > 0 also times the f32 scan. */
    static IvfIndex run(Int8Rows rows, ExactRows exact, int n, float[][] queries, double perSqrt, int exactF32Rows) {
        long t0 = System.nanoTime();
        IvfIndex ivf = new IvfBuilder(perSqrt, SEED).build(rows, n, null, "bench");
        long buildMs = (System.nanoTime() - t0) / 1_000_000;
        int maxList = 0;
        for (int l = 0; l < ivf.lists(); l++) {
            maxList = Math.max(maxList, ivf.listSize(l));
        }
        System.out.printf("IVF build: %,d ms (train on %,d + assign %,d rows); nlist %d, mean list %.0f, max list "
                        + "%d; memory %.1f MB (int8 data alone %.1f MB); heap used %.0f MB%n", buildMs,
                Math.min(n, IvfBuilder.SAMPLE_PER_LIST * ivf.lists()), n, ivf.lists(), (double) n / ivf.lists(),
                maxList, ivf.memoryBytes() / 1e6, (double) n * rows.dimensions() / 1e6, heapUsedMb());
        if (exactF32Rows > 0) {
            timeExactF32(exact, exactF32Rows, queries);
        }
        evaluate(ivf, exact, n, queries);
        return ivf;
    }

    static void evaluate(IvfIndex ivf, ExactRows rows, int n, float[][] queries) {
        long t0 = System.nanoTime();
        TopK[] truth = groundTruth(rows, n, queries);
        System.out.printf("exact f32 admitted sets (threshold %.1f, top %d) by regeneration: %,d ms; mean size %.0f%n",
                THRESHOLD, K, (System.nanoTime() - t0) / 1_000_000, meanSize(truth));
        IvfScratch s = new IvfScratch();
        System.out.println("  nprobe | rows scanned | recall mean | recall p5 | min   | CPU ms/query");
        for (int nprobe : NPROBES) {
            if (nprobe >= ivf.lists()) {
                break;
            }
            report(ivf, nprobe, queries, truth, s, n);
        }
        // every list: the exact int8 gate in list layout (first 20 queries: at 10^7 one query reads 3.8 GB)
        int few = Math.min(20, queries.length);
        report(ivf, ivf.lists(), Arrays.copyOf(queries, few), Arrays.copyOf(truth, few), s, n);
    }

    private static void report(IvfIndex ivf, int nprobe, float[][] queries, TopK[] truth, IvfScratch s, int n) {
        double[] recall = new double[queries.length];
        int counted = 0;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 2; round++) {
            long cpu = 0;
            for (float[] q : queries) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                ivf.search(q, K, THRESHOLD, nprobe, null, s);
                cpu += THREADS.getCurrentThreadCpuTime() - c0;
            }
            best = Math.min(best, cpu / 1e6 / queries.length);
        }
        long scanned = 0;
        for (int qi = 0; qi < queries.length; qi++) {
            ivf.search(queries[qi], K, THRESHOLD, nprobe, null, s);
            scanned += rowsScanned(ivf, queries[qi], nprobe);
            if (truth[qi].size() == 0) {
                continue;
            }
            java.util.BitSet got = new java.util.BitSet();
            TopK a = s.admitted();
            for (int i = 0; i < a.size(); i++) {
                got.set(a.row(i));
            }
            int hit = 0;
            for (int i = 0; i < truth[qi].size(); i++) {
                hit += got.get(truth[qi].row(i)) ? 1 : 0;
            }
            recall[counted++] = (double) hit / truth[qi].size();
        }
        double[] r = Arrays.copyOf(recall, counted);
        Arrays.sort(r);
        double mean = Arrays.stream(r).average().orElse(Double.NaN);
        System.out.printf("  %6s | %12.0f | %11.4f | %9.4f | %.4f | %.2f%n", nprobe >= ivf.lists() ? "all" : nprobe,
                (double) scanned / queries.length, mean, counted == 0 ? Double.NaN : r[(int) (0.05 * counted)],
                counted == 0 ? Double.NaN : r[0], best);
    }

    /** Sizes of the lists a query probes (the centroid order is recomputed here, outside the timed search). */
    private static long rowsScanned(IvfIndex ivf, float[] q, int nprobe) {
        if (nprobe >= ivf.lists()) {
            return ivf.rows();
        }
        float[] scores = new float[ivf.lists()];
        Integer[] order = new Integer[ivf.lists()];
        for (int l = 0; l < ivf.lists(); l++) {
            scores[l] = ivf.centroidScore(l, q);
            order[l] = l;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        long sum = 0;
        for (int p = 0; p < nprobe; p++) {
            sum += ivf.listSize(order[p]);
        }
        return sum;
    }

    /** The exact (float) gate of every query, in one pass over the regenerated rows. */
    static TopK[] groundTruth(ExactRows rows, int n, float[][] queries) {
        int dims = queries[0].length;
        TopK[] truth = new TopK[queries.length];
        for (int q = 0; q < queries.length; q++) {
            truth[q] = new TopK();
            truth[q].reset(K, THRESHOLD);
        }
        float[] v = new float[dims];
        MemorySegment seg = Arena.ofAuto().allocate(4L * dims, 64);
        for (int r = 0; r < n; r++) {
            rows.vector(r, v);
            MemorySegment.copy(v, 0, seg, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, dims);
            for (int q = 0; q < queries.length; q++) {
                float score = Kernels.dot(seg, 0, queries[q], dims);
                if (score >= truth[q].bar()) {
                    truth[q].offer(r, score);
                }
            }
        }
        return truth;
    }

    /** The default exact gate's pass 1 (float32, one row at a time, as Scorer's gateSingle) over materialised rows. */
    static void timeExactF32(ExactRows rows, int n, float[][] queries) {
        int dims = queries[0].length;
        long stride = 4L * dims;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment all = arena.allocate(stride * n, 64);
            float[] v = new float[dims];
            for (int r = 0; r < n; r++) {
                rows.vector(r, v);
                MemorySegment.copy(v, 0, all, ValueLayout.JAVA_FLOAT_UNALIGNED, stride * r, dims);
            }
            TopK top = new TopK();
            double best = Double.MAX_VALUE;
            int reps = Math.min(queries.length, 20);
            for (int round = 0; round < 2; round++) {
                long cpu = 0;
                for (int qi = 0; qi < reps; qi++) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    top.reset(K, THRESHOLD);
                    float bar = THRESHOLD;
                    for (int r = 0; r < n; r++) {
                        float score = Kernels.dot(all, stride * r, queries[qi], dims);
                        if (score >= bar) {
                            top.offer(r, score);
                            bar = top.bar();
                        }
                    }
                    cpu += THREADS.getCurrentThreadCpuTime() - c0;
                }
                best = Math.min(best, cpu / 1e6 / reps);
            }
            System.out.printf("exact f32 gate over %,d materialised rows (%.0f MB): %.2f CPU ms/query%n", n,
                    stride * n / 1e6, best);
        }
    }

    private static double meanSize(TopK[] sets) {
        return Arrays.stream(sets).mapToInt(TopK::size).average().orElse(0);
    }

    private static double heapUsedMb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / 1e6;
    }

    static double medianNearestNeighbourCosine(float[][] v) {
        double[] best = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            best[i] = -1;
            for (int j = 0; j < v.length; j++) {
                if (i != j) {
                    best[i] = Math.max(best[i], VectorMath.dot(v[i], v[j]));
                }
            }
        }
        Arrays.sort(best);
        return best[v.length / 2];
    }

    /** Real vectors as rows (quantised like the store). */
    static final class ArrayRows implements Int8Rows, ExactRows {
        private final float[][] v;

        ArrayRows(float[][] v) {
            this.v = v;
        }

        @Override
        public int dimensions() {
            return v[0].length;
        }

        @Override
        public int count() {
            return v.length;
        }

        @Override
        public float read(int row, byte[] out) {
            return SyntheticWishes.quantise(v[row], out);
        }

        @Override
        public void vector(long row, float[] out) {
            System.arraycopy(v[(int) row], 0, out, 0, out.length);
        }
    }
}
