package org.wishledger.node;

import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.proto.SyncBlockResponse;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.ledger.store.SnapshotRestore;
import org.wishledger.p2p.sync.StateSink;
import org.wishledger.rules.Rules;
import org.wishledger.rules.SnapshotAnchor;

/**
 * State sync into the node's empty store: the anchor is checked against the genesis validator set (the
 * set is static in this chain: genesis fixes it and no tx changes it), then {@link SnapshotRestore}
 * writes the chunks. Runs on the state syncer's thread, before the consensus thread exists, so it is
 * the store's only writer.
 */
final class LedgerStateSink implements StateSink {
    private final LedgerStore store;
    private final Rules genesisRules;
    private final byte[] genesis;
    private SnapshotRestore restore;

    LedgerStateSink(LedgerStore store, Rules genesisRules, byte[] genesis) {
        this.store = store;
        this.genesisRules = genesisRules;
        this.genesis = genesis;
    }

    @Override
    public void begin(SnapshotManifest manifest, SyncBlockResponse next) throws Rejection {
        SnapshotAnchor.verify(genesisRules, manifest, next.getBlock().getHeader(), next.getCommit());
        restore = SnapshotRestore.begin(store, manifest, next.getBlock().getHeader().getAppHash().toByteArray(), genesis);
    }

    @Override
    public void apply(int index, byte[] chunk) throws Rejection {
        restore.apply(index, chunk);
    }

    @Override
    public void finish() {
        restore.finish();
    }
}
