package org.wishledger.p2p.sync;

import java.util.Optional;
import org.wishledger.ledger.proto.SyncBlockResponse;

/** The node's committed chain as block sync serves it (backed by the block store). Thread-safe. */
public interface BlockSource {
    /** The lowest height this node can serve (1 unless history was pruned). */
    long base();

    /** The latest committed height (0 before the first block). */
    long height();

    /** The block at {@code height} and the commit that decided it, if stored. */
    Optional<SyncBlockResponse> load(long height);
}
