package org.wishledger.p2p.sync;

/**
 * Tuning of block sync.
 *
 * @param window heights requested ahead of the last applied one (bounds memory with maxBufferedBytes)
 * @param maxPendingPerPeer requests outstanding at one peer, so the load spreads over several peers
 * @param requestTimeoutMillis after this a request is retried at another peer
 * @param statusIntervalMillis how often peers are asked for their height while syncing
 * @param maxBufferedBytes fetched-but-not-yet-applied blocks held at most (approximate: one block over)
 * @param aloneAfterMillis with no peer status at all after this long, the node counts as caught up
 *        (a fresh network where this node is first, or alone)
 */
public record SyncConfig(int window, int maxPendingPerPeer, long requestTimeoutMillis, long statusIntervalMillis,
                         long maxBufferedBytes, long aloneAfterMillis) {
    public static SyncConfig defaults() {
        return new SyncConfig(64, 16, 3_000, 1_000, 128L << 20, 5_000);
    }

    public SyncConfig withRequestTimeoutMillis(long millis) {
        return new SyncConfig(window, maxPendingPerPeer, millis, statusIntervalMillis, maxBufferedBytes, aloneAfterMillis);
    }

    public SyncConfig withAloneAfterMillis(long millis) {
        return new SyncConfig(window, maxPendingPerPeer, requestTimeoutMillis, statusIntervalMillis, maxBufferedBytes, millis);
    }
}
