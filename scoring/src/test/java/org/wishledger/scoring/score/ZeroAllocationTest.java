package org.wishledger.scoring.score;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wishledger.scoring.TestWishes;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.embed.VectorMath;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.store.VectorStore;

/**
 * The reward loop allocates nothing once compiled: a window of 200 calls must reach 0 bytes allocated on this
 * thread (before C2 compiles the kernels the interpreter boxes vectors, so we wait, with a deadline, for a clean
 * window). JMH's gc profiler confirms it on the 10^6-wish benchmark (docs/benchmarks-scoring.md).
 */
class ZeroAllocationTest {
    private static final int DIMS = 64;
    private static VectorStore store;
    private static Scorer scorer;
    private static float[][] prompts;
    private static float[][] responses;

    @BeforeAll
    static void build() {
        SplittableRandom rnd = new SplittableRandom(3);
        store = VectorStore.inMemory("alloc", DIMS, 8);
        WishIndex index = new WishIndex(store);
        for (int i = 0; i < 2000; i++) {
            index.append(new WishInput(TestWishes.id(i), "s", "d", i % 2 == 0 ? "u" : null, 1 + i % 50, i, 1,
                    List.of()), random(rnd), random(rnd), random(rnd));
        }
        scorer = new Scorer(index);
        prompts = new float[40][];
        responses = new float[40][];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = random(rnd);
            responses[i] = random(rnd);
        }
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static float[] random(SplittableRandom rnd) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        VectorMath.normalise(v);
        return v;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long window(Runnable call) {
        long before = allocatedBytes();
        for (int i = 0; i < 200; i++) {
            call.run();
        }
        return allocatedBytes() - before;
    }

    /** What the measuring itself costs (the MXBean call may allocate a little): the floor a clean window hits. */
    private static long floor() {
        Runnable nothing = () -> { };
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 50; i++) {
            min = Math.min(min, window(nothing));
        }
        return min;
    }

    private static void assertReachesZero(String what, Runnable call) {
        long floor = floor();
        long deadline = System.nanoTime() + 30_000_000_000L;
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = window(call) - floor;
            if (last <= 0) {
                return;
            }
        }
        assertTrue(false, what + ": still " + last + " bytes per 200 calls after 30 s of warm-up (floor " + floor
                + ")");
    }

    @Test
    void everyModeRunsWithoutAllocating() {
        ScoreScratch scratch = new ScoreScratch(40, 64);
        ScoreResult one = new ScoreResult();
        ScoreResult[] many = new ScoreResult[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = new ScoreResult();
        }
        ScoreParams topK = ScoreParams.gated(32, -1f);
        ScoreParams threshold = ScoreParams.gated(0, 0.1f);
        ScoreParams int8 = topK.withInt8(true);
        ScoreParams sampled = ScoreParams.sampled(256, 9);
        ScoreParams mean = ScoreParams.mean();
        ScoreParams defaults = ScoreParams.defaults().withHalfLife(86_400_000L); // log weights and recency
        assertReachesZero("gated top-k", () -> scorer.score(prompts[0], responses[0], topK, scratch, one));
        assertReachesZero("gated threshold", () -> scorer.score(prompts[1], responses[1], threshold, scratch, one));
        assertReachesZero("gated int8", () -> scorer.score(prompts[2], responses[2], int8, scratch, one));
        assertReachesZero("batched gate", () -> scorer.scoreBatch(prompts, responses, 40, topK, scratch, many));
        assertReachesZero("sampled", () -> scorer.score(prompts[3], responses[3], sampled, scratch, one));
        assertReachesZero("mean", () -> scorer.score(prompts[4], responses[4], mean, scratch, one));
        assertReachesZero("gated, log weights, half-life",
                () -> scorer.score(prompts[5], responses[5], defaults, scratch, one));
    }
}
