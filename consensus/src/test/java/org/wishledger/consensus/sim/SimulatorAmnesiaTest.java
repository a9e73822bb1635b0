package org.wishledger.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The crash-safety checks have teeth too: a validator that restarts with nothing on disk double-signs and
 * the simulator says so; one that keeps its sign state but loses its WAL is stopped by the guard.
 */
class SimulatorAmnesiaTest {
    private static final SimConfig CRASHY = SimConfig.of(4, 1, 5, 0.05, 3000, 3);

    @Test
    void aValidatorThatForgetsEverythingIsCaughtDoubleSigning() {
        SimConfig amnesic = CRASHY.withAmnesia(SimConfig.Amnesia.FORGET_ALL);
        long found = -1;
        for (long seed = 1; seed <= 200 && found < 0; seed++) {
            RunResult r = Simulation.run(amnesic, seed, false);
            if (r.doubleSigns() > 0) {
                found = seed;
                System.out.println("amnesic double sign caught at seed " + seed + ": " + r.violations());
            }
        }
        assertTrue(found > 0, "no double sign in 200 seeds although restarted validators forgot what they signed");
    }

    @Test
    void theSignStateGuardAloneStopsDoubleSignsWhenTheWalIsLost() {
        SimConfig noWal = CRASHY.withAmnesia(SimConfig.Amnesia.FORGET_WAL);
        BatchResult batch = new BatchResult();
        for (long seed = 1; seed <= 60; seed++) {
            batch.add(Simulation.run(noWal, seed, false));
        }
        assertEquals(0, batch.doubleSigns, batch.summary());
        assertTrue(batch.guardRefusals > 0, "the guard must have refused the forgetful core's conflicting votes");
    }
}
