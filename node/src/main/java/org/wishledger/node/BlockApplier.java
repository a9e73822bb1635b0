package org.wishledger.node;

import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.node.metrics.NodeMetrics;
import org.wishledger.rules.BlockResult;
import org.wishledger.rules.Rules;
import org.wishledger.rules.StoreStateView;

/**
 * Stores a committed block (decided by consensus or fetched by block sync) and tells everyone who cares:
 * the mempool drops what it included, commit waiters and listeners hear of it, metrics move. The only
 * writer of the ledger store; called on the consensus thread.
 */
final class BlockApplier {
    private static final NodeLog LOG = NodeLog.of("consensus");

    private final LedgerStore store;
    private final Rules rules;
    private final Mempool mempool;
    private final CommitListener listener;
    private final NodeMetrics metrics;
    private long lastCommitNanos;

    BlockApplier(LedgerStore store, Rules rules, Mempool mempool, CommitListener listener, NodeMetrics metrics) {
        this.store = store;
        this.rules = rules;
        this.mempool = mempool;
        this.listener = listener;
        this.metrics = metrics;
    }

    /** Applies a block and its commit; {@code round} is the decided round, -1 for a synced block. */
    BlockResult apply(Block block, Commit commit, int round) throws Rejection {
        long started = System.nanoTime();
        BlockResult result = rules.applyBlock(store, block, commit, mempool);
        long now = System.nanoTime();
        mempool.update(result.txHashes(), StoreStateView.of(store), listener::onDropped);
        listener.onCommitted(block, result);
        metrics.height.set(result.height());
        metrics.blocksCommitted.increment();
        metrics.txsCommitted.add(block.getTxsCount());
        if (lastCommitNanos != 0) {
            metrics.blockInterval.observe((now - lastCommitNanos) / 1e9);
        }
        lastCommitNanos = now;
        LOG.info(round >= 0 ? "committed" : "committed (block sync)", "height", result.height(), "round", round,
                "txs", block.getTxsCount(), "apply_ms", (now - started) / 1_000_000, "app_hash",
                Hex.encode(result.appHash()), "mempool", mempool.size());
        return result;
    }
}
