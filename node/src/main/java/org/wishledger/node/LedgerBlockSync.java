package org.wishledger.node;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.SyncBlockResponse;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.p2p.sync.BlockSink;
import org.wishledger.p2p.sync.BlockSource;
import org.wishledger.rules.BlockResult;
import org.wishledger.rules.CommitVerifier;

/**
 * Block sync over the ledger store. Serving reads the store; applying verifies the block's commit
 * against the validator set here (on the syncer's thread: signature checks stay off the consensus
 * thread), then hands the block to the consensus thread — the store's only writer — and waits.
 */
final class LedgerBlockSync implements BlockSource, BlockSink {
    private static final long APPLY_TIMEOUT_MS = 60_000;

    private final LedgerStore store;
    private final CommitVerifier commits;
    private final ConsensusAgent agent;

    LedgerBlockSync(LedgerStore store, CommitVerifier commits, ConsensusAgent agent) {
        this.store = store;
        this.commits = commits;
        this.agent = agent;
    }

    private volatile long base;

    /**
     * The lowest stored block: 1, or h+1 on a node restored by state sync at h (found once by bisection:
     * stored blocks are contiguous up to the tip and never pruned).
     */
    @Override
    public long base() {
        long b = base;
        if (b > 0) {
            return b;
        }
        long tip = store.height();
        if (tip == 0 || store.block(1).isPresent()) {
            b = 1;
        } else if (store.block(tip).isEmpty()) {
            return tip + 1; // restored, no block applied yet: nothing to serve (not cached)
        } else {
            long lo = 1;
            long hi = tip; // block(hi) present, block(lo) absent
            while (hi - lo > 1) {
                long mid = (lo + hi) >>> 1;
                if (store.block(mid).isPresent()) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            b = hi;
        }
        base = b;
        return b;
    }

    @Override
    public long height() {
        return store.height();
    }

    @Override
    public Optional<SyncBlockResponse> load(long height) {
        Optional<Block> block = store.block(height);
        Optional<Commit> commit = store.commit(height);
        if (block.isEmpty() || commit.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SyncBlockResponse.newBuilder().setBlock(block.get()).setCommit(commit.get()).build());
    }

    @Override
    public void apply(Block block, Commit commit) throws Rejection {
        long height = block.getHeader().getHeight();
        if (height <= store.height()) {
            return; // consensus got there first
        }
        commits.verify(commit, height, Hashes.blockId(block));
        CompletableFuture<BlockResult> applied = new CompletableFuture<>();
        agent.post(new AgentEvent.SyncedBlock(block, commit, applied));
        try {
            applied.get(APPLY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Rejection r) {
                throw r;
            }
            if (height <= store.height()) {
                return; // consensus applied it while the synced copy waited
            }
            throw new Rejection(ErrorCode.INTERNAL, "applying synced block " + height + " failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw new Rejection(ErrorCode.TIMEOUT, "the consensus thread did not apply block " + height + " in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Rejection(ErrorCode.UNAVAILABLE, "interrupted while applying block " + height);
        }
    }
}
