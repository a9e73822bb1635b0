package org.wishledger.scoring.bench;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.wishledger.scoring.score.ScoreParams;
import org.wishledger.scoring.score.ScoreResult;
import org.wishledger.scoring.score.ScoreScratch;
import org.wishledger.scoring.score.Scorer;
import org.wishledger.scoring.store.Column;

/**
 * The reward loop against the memory-bandwidth limit, one thread. {@code streamRead} sums the scenario column with
 * the Vector API: it is the bound any single-query pass can reach on this machine at this moment. Run with
 * {@code scripts/jmh scoring ScoringBench -prof gc} (see docs/benchmarks-scoring.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScoringBench {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Param("1000000")
    int wishes;

    BenchData data;
    Scorer scorer;
    ScoreScratch scratch;
    ScoreResult result;
    ScoreResult[] results;
    ScoreParams gated;
    ScoreParams gatedInt8;
    ScoreParams sampled;
    ScoreParams mean;
    /** Log weights and a half-life (issue 11's knobs), top-32 so that wishes are admitted on random vectors. */
    ScoreParams gatedLogRecency;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws java.io.IOException {
        data = new BenchData(BenchData.defaultDir(), wishes);
        scorer = new Scorer(data.index);
        scratch = new ScoreScratch(64, 32);
        result = new ScoreResult();
        results = new ScoreResult[64];
        for (int i = 0; i < results.length; i++) {
            results[i] = new ScoreResult();
        }
        gated = ScoreParams.gated(32, -1f);
        gatedInt8 = gated.withInt8(true);
        sampled = ScoreParams.sampled(1024, 7);
        mean = ScoreParams.mean();
        gatedLogRecency = gated.withWeighting(org.wishledger.scoring.index.Weighting.LOG).withHalfLife(86_400_000L);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.store.close();
    }

    private int nextQuery() {
        next = (next + 1) & 63;
        return next;
    }

    /**
     * The bandwidth bound: a Vector API pass summing every scenario float, row by row exactly like the gate's loop
     * (so the two differ only by the FMA with the prompt and the top-k bookkeeping).
     */
    @Benchmark
    public float streamRead() {
        return streamColumn(data.store.scenario(), data.store.count(), BenchData.DIMS);
    }

    /** The pass itself, outside the benchmark method (compiled like Scorer's gate loop, not only via OSR). */
    static float streamColumn(Column col, int rows, int dims) {
        MemorySegment[] segs = col.segments();
        long stride = col.strideBytes();
        int perRegion = col.rowsPerRegion();
        float sum = 0;
        for (int region = 0, base = 0; base < rows; region++, base += perRegion) {
            MemorySegment seg = segs[region];
            int n = Math.min(perRegion, rows - base);
            for (int j = 0; j < n; j++) {
                sum += sumRow(seg, j * stride, dims);
            }
        }
        return sum;
    }

    /** The gate's row kernel minus the multiply (a separate method, compiled and inlined like Kernels.dot). */
    static float sumRow(MemorySegment seg, long off, int dims) {
        int lanes = F.length();
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        for (int i = 0; i < dims; i += 2 * lanes) {
            a0 = a0.add(FloatVector.fromMemorySegment(F, seg, off + 4L * i, ByteOrder.nativeOrder()));
            a1 = a1.add(FloatVector.fromMemorySegment(F, seg, off + 4L * (i + lanes), ByteOrder.nativeOrder()));
        }
        return a0.add(a1).reduceLanes(VectorOperators.ADD);
    }

    /** Gated, top-32, one query: a full float32 pass over the scenarios + 32 stances. */
    @Benchmark
    public double gatedSingle() {
        int q = nextQuery();
        scorer.score(data.prompts[q], data.responses[q], gated, scratch, result);
        return result.reward();
    }

    /** Gated, top-32, one query, gate over the int8 copies (4x fewer bytes). */
    @Benchmark
    public double gatedSingleLogRecency() {
        int q = nextQuery();
        scorer.score(data.prompts[q], data.responses[q], gatedLogRecency, scratch, result);
        return result.reward();
    }

    @Benchmark
    public double gatedSingleInt8() {
        int q = nextQuery();
        scorer.score(data.prompts[q], data.responses[q], gatedInt8, scratch, result);
        return result.reward();
    }

    /** 64 (prompt, response) pairs in one pass (an RLAIF batch); divide by 64 for the per-response cost. */
    @Benchmark
    public double gatedBatch64() {
        scorer.scoreBatch(data.prompts, data.responses, 64, gated, scratch, results);
        return results[63].reward();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double sampled1024() {
        int q = nextQuery();
        scorer.score(data.prompts[q], data.responses[q], sampled, scratch, result);
        return result.reward();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public double mean() {
        int q = nextQuery();
        scorer.score(data.prompts[q], data.responses[q], mean, scratch, result);
        return result.reward();
    }
}
