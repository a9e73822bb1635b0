package org.wishledger.node;

import com.google.protobuf.ByteString;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.rules.BlockVerdict;
import org.wishledger.rules.Rules;

/** valid(v) of the paper, off the consensus thread: the ledger re-checks every tx and the header. */
final class BlockValidation {
    private static final NodeLog LOG = NodeLog.of("consensus");

    private final LedgerStore store;
    private final Rules rules;
    private final Mempool mempool;
    private final Executor executor;
    private final Consumer<AgentEvent.BlockVerdictReady> verdicts;

    BlockValidation(LedgerStore store, Rules rules, Mempool mempool, Executor executor,
                    Consumer<AgentEvent.BlockVerdictReady> verdicts) {
        this.store = store;
        this.rules = rules;
        this.mempool = mempool;
        this.executor = executor;
        this.verdicts = verdicts;
    }

    void validate(long height, ByteString blockId, Block block) {
        executor.execute(() -> {
            BlockVerdict verdict;
            long started = System.nanoTime();
            try {
                verdict = rules.validateBlock(store, block, mempool);
                if (block.getTxsCount() > 0) {
                    LOG.info("validated proposal", "height", height, "txs", block.getTxsCount(),
                            "ms", (System.nanoTime() - started) / 1_000_000);
                }
            } catch (RuntimeException e) {
                LOG.error("block validation failed unexpectedly", e, "height", height);
                verdict = new BlockVerdict(false, ErrorCode.INTERNAL, e.toString(), -1);
            }
            verdicts.accept(new AgentEvent.BlockVerdictReady(height, blockId, verdict.valid(), verdict.message()));
        });
    }
}
