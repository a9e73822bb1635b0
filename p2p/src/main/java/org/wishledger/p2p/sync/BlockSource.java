package org.wishledger.p2p.sync;

import java.util.Optional;
import org.wishledger.ledger.proto.SyncBlockResponse;

/** The node's committed chain as block sync serves it (backed by the block store). Thread-safe. */
public interface BlockSource {
    /** The lowest height this node can serve (1 unless history was pruned). */
    long base();

    /** The latest committed height (0 before the first block). */
    long height();

    /**
     * The block at {@code height} and the commit that decided it, if stored. Below the tip that
     * commit is also block {@code height + 1}'s last_commit; for the tip it is the commit the node
     * stored when it decided the block (so the store must keep it: applying a block writes the
     * block and its commit in one transaction).
     */
    Optional<SyncBlockResponse> load(long height);
}
