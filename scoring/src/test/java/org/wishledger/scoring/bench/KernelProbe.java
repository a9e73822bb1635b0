package org.wishledger.scoring.bench;

import java.io.IOException;
import org.wishledger.scoring.score.ScoreParams;
import org.wishledger.scoring.score.ScoreResult;
import org.wishledger.scoring.score.ScoreScratch;
import org.wishledger.scoring.score.Scorer;

/**
 * A quick best-of-N timing of the scoring paths (no JMH), for iterating on kernels on a busy machine: the best of
 * several runs is the least disturbed one. JMH (ScoringBench) gives the reported figures.
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
        String only = args.length > 2 ? args[2] : "";
        if (only.equals("batch")) {
            ScoreParams g = ScoreParams.gated(32, -1f);
            time("gatedBatch64", reps, 64, () -> scorer.scoreBatch(data.prompts, data.responses, 64, g, scratch, many));
            return;
        }
        ScoringBench stream = new ScoringBench();
        stream.data = data;
        time("streamRead", reps, 1, () -> stream.streamRead());
        ScoreParams gated = ScoreParams.gated(32, -1f);
        time("gatedSingle", reps, 1, () -> scorer.score(data.prompts[0], data.responses[0], gated, scratch, one));
        ScoreParams int8 = gated.withInt8(true);
        time("gatedInt8", reps, 1, () -> scorer.score(data.prompts[0], data.responses[0], int8, scratch, one));
        time("gatedBatch64", Math.max(2, reps / 3), 64,
                () -> scorer.scoreBatch(data.prompts, data.responses, 64, gated, scratch, many));
        ScoreParams sampled = ScoreParams.sampled(1024, 7);
        time("sampled1024", reps * 100, 1,
                () -> scorer.score(data.prompts[0], data.responses[0], sampled, scratch, one));
        org.wishledger.scoring.index.FenwickSampler sampler =
                data.index.sampler(org.wishledger.scoring.index.Weighting.LINEAR);
        double[] us = new double[1024];
        for (int i = 0; i < us.length; i++) {
            us[i] = sampler.total() * (i + 0.5) / us.length;
        }
        int[] sink = new int[1];
        time("fenwick1024", reps * 100, 1, () -> {
            int acc = 0;
            for (double u : us) {
                acc += sampler.find(u);
            }
            sink[0] += acc;
        });
        ScoreParams mean = ScoreParams.mean();
        time("mean", reps * 10000, 1, () -> scorer.score(data.prompts[0], data.responses[0], mean, scratch, one));
        data.store.close();
    }

    private static void time(String name, int reps, int per, Runnable r) {
        for (int i = 0; i < 3; i++) {
            r.run(); // warm up (JIT)
        }
        long best = Long.MAX_VALUE;
        long sum = 0;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            long t = System.nanoTime() - t0;
            best = Math.min(best, t);
            sum += t;
        }
        System.out.printf("%-14s best %10.3f ms  mean %10.3f ms  per item best %9.3f ms%n", name, best / 1e6,
                sum / 1e6 / reps, best / 1e6 / per);
    }
}
