package org.wishledger.p2p.sync;

/**
 * Where block sync stands.
 *
 * @param height last applied height
 * @param target highest height any peer reported
 * @param blocksApplied blocks applied by this sync so far
 * @param txsApplied txs in those blocks
 * @param blocksPerSecond over the last few seconds
 * @param txsPerSecond over the last few seconds
 * @param caughtUp true once the node has every block its peers reported
 */
public record SyncProgress(long height, long target, long blocksApplied, long txsApplied,
                           double blocksPerSecond, double txsPerSecond, boolean caughtUp) {
}
