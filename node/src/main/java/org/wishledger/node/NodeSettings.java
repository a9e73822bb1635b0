package org.wishledger.node;

import org.wishledger.consensus.Timeouts;
import org.wishledger.node.proto.MempoolConfig;
import org.wishledger.node.proto.NodeConfig;

/**
 * node.json with defaults filled in. Zero or absent fields mean "default", so an old or hand-written
 * config keeps working. Defaults are the values a 4-node loopback testnet runs well with.
 */
record NodeSettings(Timeouts timeouts, ConsensusAgent.Pacing pacing, int mempoolMaxTxs, long mempoolMaxBytes,
                    boolean snapshotsEnabled, long snapshotInterval, int snapshotKeep) {
    /** Blocks between state-sync snapshots: ~2 min of a testnet at ~1 block/s; keep 2 so one is always whole. */
    static final int DEFAULT_SNAPSHOT_KEEP = 2;
    static final long DEFAULT_COMMIT_PAUSE_MS = 100;
    static final long DEFAULT_EMPTY_BLOCK_WAIT_MS = 1_000;
    static final int DEFAULT_MEMPOOL_TXS = 50_000;
    static final long DEFAULT_MEMPOOL_BYTES = 64L << 20;

    static NodeSettings from(NodeConfig config) {
        Timeouts d = Timeouts.DEFAULT;
        var t = config.getTimeouts();
        Timeouts timeouts = new Timeouts(
                or(t.getProposeMs(), d.proposeBaseMs()), or(t.getProposeDeltaMs(), d.proposeDeltaMs()),
                or(t.getPrevoteMs(), d.prevoteBaseMs()), or(t.getPrevoteDeltaMs(), d.prevoteDeltaMs()),
                or(t.getPrecommitMs(), d.precommitBaseMs()), or(t.getPrecommitDeltaMs(), d.precommitDeltaMs()));
        long commitPause = or(t.getCommitMs(), DEFAULT_COMMIT_PAUSE_MS);
        long emptyWait = config.getCreateEmptyBlocks() ? 0 : or(config.getEmptyBlockIntervalMs(), DEFAULT_EMPTY_BLOCK_WAIT_MS);
        // An idle proposer must propose before the others' propose timeout, or every idle height costs a round.
        emptyWait = Math.min(emptyWait, timeouts.proposeBaseMs() / 2);
        MempoolConfig m = config.getMempool();
        return new NodeSettings(timeouts, new ConsensusAgent.Pacing(commitPause, emptyWait),
                (int) or(m.getMaxTxs(), DEFAULT_MEMPOOL_TXS), or(m.getMaxBytes(), DEFAULT_MEMPOOL_BYTES),
                // Off unless asked for (like CometBFT's snapshot-interval = 0): a snapshot reads the whole state
                // on a background thread (~3 s at 10^5 wishes on this machine), which shows in every node's
                // latency tail if all validators take one at the same height. Serving nodes opt in.
                !config.getSnapshotsDisabled() && config.getSnapshotInterval() > 0, Math.max(1, config.getSnapshotInterval()),
                (int) or(config.getSnapshotKeep(), DEFAULT_SNAPSHOT_KEEP));
    }

    private static long or(long value, long fallback) {
        return value > 0 ? value : fallback;
    }
}
