package org.wishledger.consensus.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.wishledger.consensus.sim.RunResult;
import org.wishledger.consensus.sim.SimConfig;
import org.wishledger.consensus.sim.Simulation;

/**
 * Simulated heights per second of the deterministic simulator (one run = 10 heights, real WAL and
 * sign-state files on tmpfs): a calm network, and the fault mix of the CI batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SimBench {
    private static final int HEIGHTS = 10;
    private static final SimConfig CALM = SimConfig.of(4, 0, HEIGHTS, 0, 0, 0);
    private static final SimConfig FAULTY4 = SimConfig.of(4, 1, HEIGHTS, 0.05, 3000, 1);
    private static final SimConfig FAULTY7 = SimConfig.of(7, 2, HEIGHTS, 0.1, 5000, 2);
    private long seed;

    private RunResult run(SimConfig config) {
        RunResult r = Simulation.run(config, ++seed, false);
        if (!r.ok()) {
            throw new IllegalStateException("seed " + r.seed() + ": " + r.violations());
        }
        return r;
    }

    @Benchmark
    @OperationsPerInvocation(HEIGHTS)
    public RunResult calmHeights4() {
        return run(CALM);
    }

    @Benchmark
    @OperationsPerInvocation(HEIGHTS)
    public RunResult faultyHeights4() {
        return run(FAULTY4);
    }

    @Benchmark
    @OperationsPerInvocation(HEIGHTS)
    public RunResult faultyHeights7() {
        return run(FAULTY7);
    }
}
