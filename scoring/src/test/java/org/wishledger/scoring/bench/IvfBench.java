package org.wishledger.scoring.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
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
import org.wishledger.scoring.ann.IvfBuilder;
import org.wishledger.scoring.ann.IvfIndex;
import org.wishledger.scoring.ann.IvfScratch;
import org.wishledger.scoring.ann.SyntheticWishes;

/**
 * One gated query through the IVF (nprobe lists) and through every list (the exact int8 gate in the same layout),
 * over {@code n} synthetic rows around the real MiniLM centres ({@link AnnBench} measures recall; this measures
 * time and allocation). Needs the embedding cache: {@code -Dwl.ann.cache=/tmp/wl-ann} (made on first use, ~1 min).
 * Run: {@code scripts/jmh scoring IvfBench -p n=1000000 -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class IvfBench {
    @Param("200000")
    int n;

    @Param("64")
    int nprobe;

    IvfIndex ivf;
    IvfScratch scratch;
    float[][] queries;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        Path cache = Path.of(System.getProperty("wl.ann.cache", "/tmp/wl-ann"));
        RealEmbeddings real = new RealEmbeddings(Path.of(System.getProperty("wl.ann.data",
                "data/hh-rlhf-harmless-dev.jsonl.gz")), cache);
        int split = real.scenario.length * 4 / 5;
        double sigma0 = SyntheticWishes.sigmaForCosine(AnnBench.medianNearestNeighbourCosine(real.scenario));
        SyntheticWishes rows = new SyntheticWishes(Arrays.copyOf(real.scenario, split), n, sigma0, AnnBench.SEED);
        ivf = new IvfBuilder().build(rows, n, null, "bench");
        scratch = new IvfScratch();
        queries = new float[64][rows.dimensions()];
        for (int q = 0; q < queries.length; q++) {
            rows.vector(4_000_000_000L + q, queries[q]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ivf.close();
    }

    @Benchmark
    public int ivfGate() {
        ivf.search(queries[next++ & 63], AnnBench.K, AnnBench.THRESHOLD, nprobe, null, scratch);
        return scratch.admitted().size();
    }

    @Benchmark
    public int exactInt8AllLists() {
        ivf.search(queries[next++ & 63], AnnBench.K, AnnBench.THRESHOLD, ivf.lists(), null, scratch);
        return scratch.admitted().size();
    }
}
