package org.wishledger.p2p.sync;

import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;

/**
 * Where fetched blocks go: the node verifies the commit against its validator set (+2/3 of the power,
 * signatures over this block's id at this height) and applies the block in one store transaction.
 * Called only from the syncer's thread, strictly in height order.
 */
public interface BlockSink {
    /** The last applied height. */
    long height();

    /**
     * Verifies and applies the block at {@code height() + 1}.
     *
     * @throws Rejection if the block or its commit is invalid; nothing was applied and the syncer
     *         fetches that height from another peer
     */
    void apply(Block block, Commit commit) throws Rejection;
}
