package org.wishledger.consensus.sim;

import com.google.protobuf.ByteString;
import java.util.function.Function;
import org.wishledger.consensus.ConsensusCore;
import org.wishledger.consensus.Timeouts;
import org.wishledger.consensus.driver.DriverConfig;

/**
 * Parameters of one simulated run (the seed picks everything else: powers, which validators are
 * Byzantine and how, delay distribution, partition groups, crash times).
 *
 * @param validators      N
 * @param byzantine       F, the number of Byzantine validators (their total power is kept below 1/3)
 * @param heights         heights every honest validator must decide
 * @param loss            probability that a message sent before GST is lost
 * @param gstMs           global stabilisation time: before it delays are unbounded-ish, messages may be
 *                        lost and (if {@code partition}) the network is split; after it every message
 *                        arrives within {@code deltaMs}
 * @param partition       split the validators into two groups that cannot talk before GST
 * @param crashRestarts   honest crash-and-restart events per run (through the WAL and sign-state files)
 * @param coreFactory     builds the core of an honest validator from its address (tests swap in a broken one)
 * @param behaviour       forces one Byzantine behaviour; null lets the seed pick one per Byzantine validator
 * @param amnesia         test-only: what a restarted validator loses (proves the checks notice)
 * @param driverConfig    the driver's bounds and re-gossip pacing: the node's own in every real run
 */
public record SimConfig(int validators, int byzantine, int heights, double loss, long gstMs, boolean partition,
                        int crashRestarts, double duplication, long deltaMs, Timeouts timeouts,
                        Function<ByteString, ConsensusCore> coreFactory, ByzantineBehaviour behaviour,
                        Amnesia amnesia, DriverConfig driverConfig) {
    /** TEST ONLY: what a restarted honest validator forgets (NONE in every real run). */
    public enum Amnesia {
        NONE,
        /** Restarts without its WAL: the sign-state guard must still prevent any double sign. */
        FORGET_WAL,
        /** Restarts without WAL and sign state: the double-sign check must catch it. */
        FORGET_ALL
    }

    public static final Timeouts SIM_TIMEOUTS = new Timeouts(1000, 250, 500, 250, 500, 250);

    public static SimConfig of(int validators, int byzantine, int heights, double loss, long gstMs,
                               int crashRestarts) {
        return new SimConfig(validators, byzantine, heights, loss, gstMs, gstMs > 0, crashRestarts, 0.05, 200,
                SIM_TIMEOUTS, address -> new ConsensusCore(address, SIM_TIMEOUTS), null, Amnesia.NONE, DriverConfig.DEFAULT);
    }

    public SimConfig withCore(Function<ByteString, ConsensusCore> factory) {
        return new SimConfig(validators, byzantine, heights, loss, gstMs, partition, crashRestarts, duplication,
                deltaMs, timeouts, factory, behaviour, amnesia, driverConfig);
    }

    /** Every Byzantine validator behaves this way (null: each picks one at random from the seed). */
    public SimConfig withBehaviour(ByzantineBehaviour b) {
        return new SimConfig(validators, byzantine, heights, loss, gstMs, partition, crashRestarts, duplication,
                deltaMs, timeouts, coreFactory, b, amnesia, driverConfig);
    }

    public SimConfig withAmnesia(Amnesia a) {
        return new SimConfig(validators, byzantine, heights, loss, gstMs, partition, crashRestarts, duplication,
                deltaMs, timeouts, coreFactory, behaviour, a, driverConfig);
    }

    /** TEST ONLY: the driver's bounds and pacing (every real run uses the node's {@link DriverConfig#DEFAULT}). */
    public SimConfig withDriverConfig(DriverConfig d) {
        return new SimConfig(validators, byzantine, heights, loss, gstMs, partition, crashRestarts, duplication,
                deltaMs, timeouts, coreFactory, behaviour, amnesia, d);
    }

    public SimConfig {
        if (validators < 1 || byzantine < 0 || 3 * byzantine >= validators) {
            throw new IllegalArgumentException("need N >= 1 and 3F < N, got N=" + validators + " F=" + byzantine);
        }
        if (heights < 1 || loss < 0 || loss >= 1 || gstMs < 0 || crashRestarts < 0) {
            throw new IllegalArgumentException("bad simulation parameters");
        }
    }

    /**
     * Time after max(GST, last restart) by which every honest validator must have decided every height:
     * 10 s per height plus 20 s for the rounds to outgrow the delays (timeouts grow 250 ms per round). The
     * slowest of the 10,000-run batch needed 37 s of the 70 s it had (docs/consensus.md).
     */
    public long livenessBoundMs() {
        return 10_000L * heights + 20_000L;
    }
}
