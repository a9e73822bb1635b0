package org.wishledger.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The CI-sized batch: a few hundred seeded runs that mix every fault — Byzantine validators with every
 * behaviour (picked per seed), loss, duplication, reordering, asymmetric delays, partitions healing at GST,
 * crash and restart through the real WAL and sign-state files, unequal powers — at n=4/f=1 and n=7/f=2.
 * Every run must keep agreement, validity, termination after GST and no honest double-sign.
 */
class SimulatorBatchTest {

    private static BatchResult batch(SimConfig config, long from, long to) {
        BatchResult batch = new BatchResult();
        for (long seed = from; seed <= to; seed++) {
            batch.add(Simulation.run(config, seed, false));
        }
        StringBuilder failures = new StringBuilder();
        for (RunResult r : batch.failures) {
            failures.append("\n  seed ").append(r.seed()).append(": ").append(String.join(" | ", r.violations()))
                    .append("\n  replay: ").append(SimMain.replayCommand(config.validators(), config.byzantine(),
                            config.heights(), r.seed(), config.loss(), config.gstMs(), config.crashRestarts()));
        }
        assertTrue(batch.ok(), batch.summary() + failures);
        System.out.println(batch.summary());
        return batch;
    }

    @Test
    void fourValidatorsOneByzantine() {
        BatchResult b = batch(SimConfig.of(4, 1, 5, 0.05, 3000, 1), 1, 120);
        assertEquals(600, b.heights);
        assertTrue(b.evidence > 0, "Byzantine equivocation must have been detected somewhere");
        assertTrue(b.crashes > 0);
    }

    @Test
    void fourValidatorsSynchronousButLossyForever() {
        batch(SimConfig.of(4, 1, 5, 0.15, 0, 2), 1001, 1060);
    }

    @Test
    void sevenValidatorsTwoByzantine() {
        BatchResult b = batch(SimConfig.of(7, 2, 5, 0.1, 5000, 2), 2001, 2100);
        assertEquals(500, b.heights);
        assertTrue(b.rounds > b.heights, "faults must have forced extra rounds");
    }

    @Test
    void sevenValidatorsLongPartitionManyCrashes() {
        batch(SimConfig.of(7, 2, 4, 0.2, 10_000, 4), 3001, 3040);
    }

    @Test
    void aSeedReplaysExactly() {
        SimConfig config = SimConfig.of(4, 1, 3, 0.1, 3000, 1);
        RunResult a = Simulation.run(config, 42, true);
        RunResult b = Simulation.run(config, 42, true);
        assertTrue(a.trace().size() > 50);
        assertEquals(a.trace(), b.trace(), "same seed, same trace");
    }
}
