package org.wishledger.node;

import com.google.protobuf.ByteString;
import java.util.List;
import org.wishledger.consensus.driver.Event;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Proposal;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.rules.CheckedTx;
import org.wishledger.rules.Rules;

/**
 * getValue() of the paper (L18) for this node: a block of the oldest pending txs. When the mempool is
 * empty it waits up to {@code emptyBlockWaitMs} for txs first, so an idle chain does not spin out empty
 * blocks. Owned by the consensus thread.
 */
final class ProposalBuilder {
    private static final NodeLog LOG = NodeLog.of("consensus");
    /**
     * Txs per proposal, below the chain's 10,000 limit: every validator must receive and validate a
     * proposal within the propose timeout, and on a small machine under load a smaller block that commits
     * every few hundred milliseconds moves more txs than a huge one that times out and costs a round.
     */
    static final int MAX_PROPOSAL_TXS = 2_000;

    private final LedgerStore store;
    private final Rules rules;
    private final Mempool mempool;
    private final byte[] self;
    private final long emptyBlockWaitNanos;
    private long height = -1;
    private int round;
    private long deadlineNanos;

    ProposalBuilder(LedgerStore store, Rules rules, Mempool mempool, ByteString self, long emptyBlockWaitMs) {
        this.store = store;
        this.rules = rules;
        this.mempool = mempool;
        this.self = self.toByteArray();
        this.emptyBlockWaitNanos = emptyBlockWaitMs * 1_000_000L;
    }

    void request(long height, int round, long nowNanos) {
        this.height = height;
        this.round = round;
        this.deadlineNanos = nowNanos + emptyBlockWaitNanos;
    }

    /** The built proposal once it is time, else null; a request the consensus has left is dropped. */
    Event.ProposalBuilt<Proposal> poll(long nowNanos, long currentHeight, int currentRound) {
        if (height < 0) {
            return null;
        }
        if (height != currentHeight || round != currentRound) {
            height = -1;
            return null;
        }
        if (mempool.size() == 0 && nowNanos < deadlineNanos) {
            return null;
        }
        long h = height;
        height = -1;
        List<CheckedTx> candidates = mempool.reap(rules.params().maxBlockBytes() - 64 * 1024,
                Math.min(MAX_PROPOSAL_TXS, rules.params().maxBlockTxs()));
        long timeMs = Math.max(System.currentTimeMillis(), store.lastBlockTimeMs() + 1);
        Commit lastCommit = store.height() == 0 ? null : store.commit(store.height()).orElse(null);
        Block block = rules.buildProposal(store, candidates, timeMs, self, lastCommit);
        ByteString id = ByteString.copyFrom(Hashes.blockId(block));
        LOG.info("built proposal", "height", h, "round", round, "txs", block.getTxsCount());
        Proposal unsigned = Proposal.newBuilder().setHeight(h).setRound(round).setPolRound(-1).setBlock(block).build();
        return new Event.ProposalBuilt<>(h, round, id, unsigned);
    }
}
