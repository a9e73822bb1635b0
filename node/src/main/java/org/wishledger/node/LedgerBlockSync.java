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

    @Override
    public long base() {
        return 1;
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
