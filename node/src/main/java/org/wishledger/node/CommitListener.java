package org.wishledger.node;

import org.wishledger.ledger.proto.Block;
import org.wishledger.rules.BlockResult;

/** Told on the consensus thread after a block is durably applied; must be quick and must not block. */
interface CommitListener {
    void onCommitted(Block block, BlockResult result);

    /** A pending tx that a committed block made invalid and the mempool dropped. */
    void onDropped(Mempool.DroppedTx dropped);
}
