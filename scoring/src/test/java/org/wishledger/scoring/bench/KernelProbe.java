package org.wishledger.scoring.bench;

import java.io.IOException;
import org.wishledger.scoring.score.ScoreParams;
import org.wishledger.scoring.score.ScoreResult;
import org.wishledger.scoring.score.ScoreScratch;
import org.wishledger.scoring.score.Scorer;

/**
 * Best-of-N timings of every scoring path on the BenchData set (no JMH), with the bandwidth bound measured in the
 * same process: on a shared machine the best of several runs is the least disturbed one, and bench/numpy_bench.py
 * reports its best the same way. JMH (ScoringBench, -prof gc) gives averages and the allocation figures.
 * Usage: {@code KernelProbe [n [reps]]}.
 */
public final class KernelProbe {
    private KernelProbe() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        BenchData data = new BenchData(BenchData.defaultDir(), n);
        Scorer scorer = new Scorer(data.index);
        ScoreScratch scratch = new ScoreScratch(64, 32);
        ScoreResult one = new ScoreResult();
        ScoreResult[] many = new ScoreResult[64];
        for (int i = 0; i < many.length; i++) {
            many[i] = new ScoreResult();
        }
        ScoringBench stream = new ScoringBench();
        stream.data = data;
        int[] q = {0};
        ScoreParams gated = ScoreParams.gated(32, -1f);
        ScoreParams int8 = gated.withInt8(true);
        ScoreParams sampled = ScoreParams.sampled(1024, 7);
        ScoreParams mean = ScoreParams.mean();
        long floatBytes = 4L * BenchData.DIMS * n;
        long int8Bytes = (BenchData.DIMS + 4L) * n;
        long sampledBytes = 1024L * 2 * 4 * BenchData.DIMS;

        if ("batch".equals(System.getProperty("wl.only"))) {
            double b = time(Math.max(3, reps / 2),
                    () -> scorer.scoreBatch(data.prompts, data.responses, 64, gated, scratch, many));
            System.out.printf("gated batch 64      %8.2f ms  = %.2f ms per response%n", b * 1e3, b * 1e3 / 64);
            return;
        }
        // the random-access bound of sampled mode: read (sum) the desired and undesired rows of 1024 sorted random
        // rows, the access pattern of 1024 draws, with no arithmetic beyond the adds
        int[] gatherRows = new int[1024];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        org.wishledger.scoring.store.Column dcol = data.store.desired();
        org.wishledger.scoring.store.Column ucol = data.store.undesired();
        float[] gatherSink = new float[1];
        Runnable gather = () -> {
            for (int i = 0; i < gatherRows.length; i++) {
                gatherRows[i] = rnd.nextInt(n);
            }
            java.util.Arrays.sort(gatherRows);
            float acc = 0;
            for (int row : gatherRows) {
                acc += ScoringBench.sumRow(dcol.segment(row), dcol.offset(row), BenchData.DIMS)
                        + ScoringBench.sumRow(ucol.segment(row), ucol.offset(row), BenchData.DIMS);
            }
            gatherSink[0] += acc;
        };
        if ("sampled".equals(System.getProperty("wl.only"))) {
            double g = time(reps * 20, 10, gather);
            System.out.printf("gather 2x1024 rows  %8.1f us%n", g * 1e6);
            double t = time(reps * 20, 10, () -> scorer.score(data.prompts[q[0] = (q[0] + 1) & 63],
                    data.responses[q[0]], sampled, scratch, one));
            System.out.printf("sampled K=1024      %8.1f us%n", t * 1e6);
            return;
        }
        double stream1 = time(reps, () -> stream.streamRead());
        double single = time(reps, () -> scorer.score(data.prompts[q[0] = (q[0] + 1) & 63], data.responses[q[0]],
                gated, scratch, one));
        double stream2 = time(reps, () -> stream.streamRead());
        double i8 = time(reps, () -> scorer.score(data.prompts[q[0] = (q[0] + 1) & 63], data.responses[q[0]], int8,
                scratch, one));
        double batch = time(Math.max(3, reps / 2),
                () -> scorer.scoreBatch(data.prompts, data.responses, 64, gated, scratch, many));
        double samp = time(reps * 20, 10, () -> scorer.score(data.prompts[q[0] = (q[0] + 1) & 63], data.responses[q[0]],
                sampled, scratch, one));
        double gat = time(reps * 20, 10, gather);
        double mn = time(reps * 20, 10_000, () -> scorer.score(data.prompts[q[0] = (q[0] + 1) & 63], data.responses[q[0]],
                mean, scratch, one));
        double streamBest = Math.min(stream1, stream2);
        double gbps = floatBytes / streamBest / 1e9;
        System.out.printf("n=%d dims=%d, best of %d runs each, %s time%n", n, BenchData.DIMS, reps,
                "wall".equals(System.getProperty("wl.clock")) ? "wall" : "thread CPU");
        System.out.printf("streamRead (bound)  %8.2f ms  %5.1f GB/s%n", streamBest * 1e3, gbps);
        System.out.printf("gated single f32    %8.2f ms  %5.1f GB/s  = %.2fx the bound%n", single * 1e3,
                floatBytes / single / 1e9, single / streamBest);
        System.out.printf("gated single int8   %8.2f ms  %5.1f GB/s  = %.2fx the bound of its %.0f MB (%.2fx f32)%n",
                i8 * 1e3, int8Bytes / i8 / 1e9, i8 / (int8Bytes / (gbps * 1e9)), int8Bytes / 1e6, i8 / single);
        System.out.printf("gated batch 64      %8.2f ms  = %.2f ms per response%n", batch * 1e3, batch * 1e3 / 64);
        System.out.printf("sampled K=1024      %8.1f us  = %.2fx the bound of its %.1f MB touched%n", samp * 1e6,
                samp / (sampledBytes / (gbps * 1e9)), sampledBytes / 1e6);
        System.out.printf("  (random gather of the same bytes, no math: %.1f us; sampled = %.2fx of it)%n", gat * 1e6,
                samp / gat);
        System.out.printf("mean                %8.1f ns%n", mn * 1e9);
        data.store.close();
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Best time in seconds of {@code reps} runs after 3 warm-up runs. CPU time of this thread when
     * {@code -Dwl.clock=cpu} (the default: on a shared machine it leaves out the time the thread waited for a core;
     * numpy_bench.py measures the same way), wall time with {@code -Dwl.clock=wall}.
     */
    private static double time(int reps, Runnable r) {
        return time(reps, 1, r);
    }

    /** As {@link #time(int, Runnable)}, each timed run calling {@code r} {@code inner} times (for sub-us ops). */
    private static double time(int reps, int inner, Runnable r) {
        boolean cpu = !"wall".equals(System.getProperty("wl.clock"));
        for (int i = 0; i < 3; i++) {
            r.run();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
            for (int k = 0; k < inner; k++) {
                r.run();
            }
            best = Math.min(best, (cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime()) - t0);
        }
        return best / 1e9 / inner;
    }
}
