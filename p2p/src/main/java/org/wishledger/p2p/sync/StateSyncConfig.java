package org.wishledger.p2p.sync;

/**
 * Tuning of state sync.
 *
 * @param discoverMillis after the first offer, how long to wait for more peers' offers before picking
 * @param giveUpMillis with no usable snapshot offered for this long, state sync gives up and the node
 *        block-syncs from genesis instead
 * @param requestTimeoutMillis a manifest, anchor or chunk request unanswered this long goes to another peer
 * @param window chunks requested ahead of the next one to apply (bounds memory: ~1 MiB each)
 * @param maxPendingPerPeer chunk requests outstanding at one peer, so the load spreads
 */
public record StateSyncConfig(long discoverMillis, long giveUpMillis, long requestTimeoutMillis, int window,
                              int maxPendingPerPeer) {
    public static StateSyncConfig defaults() {
        return new StateSyncConfig(2_000, 60_000, 10_000, 16, 4);
    }
}
