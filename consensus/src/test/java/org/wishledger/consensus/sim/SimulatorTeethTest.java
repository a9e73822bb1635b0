package org.wishledger.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wishledger.consensus.BrokenLockCore;
import org.wishledger.consensus.ConsensusCore;
import org.wishledger.consensus.Input;
import org.wishledger.consensus.Output;
import org.wishledger.consensus.TimeoutKind;
import org.wishledger.consensus.driver.DriverConfig;

/**
 * A simulator that cannot catch a broken locking rule proves nothing. With the locking rule of lines 23
 * and 29 removed, the ordinary fault mix (every Byzantine behaviour, lossy asynchronous network before
 * GST) must produce an agreement violation within 200 seeds; with the real core the same seeds must not.
 */
class SimulatorTeethTest {
    private static final SimConfig MIX = SimConfig.of(4, 1, 5, 0.05, 3000, 0);

    @Test
    void findsTheAgreementViolationOfABrokenLockingRuleWithin200Seeds() {
        SimConfig broken = MIX.withCore(address -> new BrokenLockCore(address, SimConfig.SIM_TIMEOUTS));
        long found = -1;
        for (long seed = 1; seed <= 200 && found < 0; seed++) {
            RunResult r = Simulation.run(broken, seed, false);
            if (r.agreementViolations() > 0) {
                found = seed;
                System.out.println("broken locking rule caught at seed " + seed + ": " + r.violations());
                RunResult correct = Simulation.run(MIX, seed, false);
                assertTrue(correct.ok(), "the real core must pass the seed that breaks the broken one: " + correct.violations());
            }
        }
        assertTrue(found > 0, "no agreement violation in 200 seeds with the locking rule broken");
    }

    @Test
    void findsTheLivenessFailureOfACoreThatNeverLeavesAFailedRound() {
        // TEST ONLY: OnTimeoutPrecommit (L65-L67) dropped — a failed round is never left
        SimConfig stuck = MIX.withCore(address -> new ConsensusCore(address, SimConfig.SIM_TIMEOUTS) {
            @Override
            public List<Output> apply(Input input) {
                if (input instanceof Input.TimeoutElapsed t && t.kind() == TimeoutKind.PRECOMMIT) {
                    return List.of();
                }
                return super.apply(input);
            }
        });
        long found = -1;
        for (long seed = 1; seed <= 50 && found < 0; seed++) {
            if (Simulation.run(stuck, seed, false).livenessFailures() > 0) {
                found = seed;
            }
        }
        assertTrue(found > 0, "no liveness failure in 50 seeds although failed rounds are never left");
    }

    /**
     * The same teeth at the driver level, where the node's own code runs: a driver whose re-gossip never
     * fires (TEST ONLY: an interval nothing reaches) leaves votes lost before GST lost for good, and the
     * paper's liveness argument needs "what one correct process receives, all eventually receive". The
     * termination check must catch it within 200 seeds, and the real driver must pass that seed.
     */
    @Test
    void findsTheLivenessFailureOfADriverThatNeverRegossipsVotes() {
        DriverConfig real = DriverConfig.DEFAULT;
        SimConfig mute = MIX.withDriverConfig(new DriverConfig(real.futureHeights(), real.maxFutureEvents(),
                real.maxProposalsPerHeight(), Long.MAX_VALUE / 4));
        long found = -1;
        for (long seed = 1; seed <= 200 && found < 0; seed++) {
            RunResult r = Simulation.run(mute, seed, false);
            if (r.livenessFailures() > 0) {
                found = seed;
                System.out.println("driver without re-gossip caught at seed " + seed + ": " + r.violations());
                RunResult correct = Simulation.run(MIX, seed, false);
                assertTrue(correct.ok(), "the real driver must pass the seed that stalls the mute one: " + correct.violations());
            }
        }
        assertTrue(found > 0, "no liveness failure in 200 seeds although the driver never re-gossips");
    }
}
