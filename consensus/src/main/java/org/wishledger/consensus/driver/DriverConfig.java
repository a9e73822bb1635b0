package org.wishledger.consensus.driver;

/**
 * The host duties' bounds and pacing; the algorithm's own timing is the core's {@code Timeouts}. The node
 * and the simulator use {@link #DEFAULT}, so the simulator runs the policy the node runs.
 *
 * @param futureHeights         messages up to this many heights above the current one are kept for later
 *                              (a peer that decided first is already there); further ones are dropped
 * @param maxFutureEvents       total messages kept for future heights (a flooding peer cannot grow memory)
 * @param maxProposalsPerHeight distinct proposals (and so blocks) kept per height; an equivocating
 *                              proposer cannot grow memory (the core also caps values per round)
 * @param regossipNanos         while a height makes no progress for this long, its proposals and votes
 *                              are sent again, and again every this long
 */
public record DriverConfig(int futureHeights, int maxFutureEvents, int maxProposalsPerHeight, long regossipNanos) {
    /**
     * 8 heights: under load the testnet decides 4–5 heights a second, and a validator whose block apply
     * stalled 0.8 s (measured) was three heights behind when the next messages arrived; with a window of 2
     * it dropped them and had to be rescued by block sync. The memory bound is {@code maxFutureEvents}.
     */
    public static final DriverConfig DEFAULT = new DriverConfig(8, 20_000, 32, 1_000_000_000L);

    public DriverConfig {
        if (futureHeights < 0 || maxFutureEvents < 0 || maxProposalsPerHeight < 1 || regossipNanos <= 0) {
            throw new IllegalArgumentException("bad driver config");
        }
    }
}
