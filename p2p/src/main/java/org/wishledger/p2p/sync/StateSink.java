package org.wishledger.p2p.sync;

import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.proto.SyncBlockResponse;

/**
 * Where a state-sync snapshot goes: the node checks the anchor (block h+1's header and commit against
 * its validator set), then restores the verified chunks in order into its empty store. Called only from
 * the state syncer's thread.
 */
public interface StateSink {
    /**
     * Checks that {@code next} (block manifest.height + 1 and the commit that decided it) is committed by
     * +2/3 of the known validators and carries the manifest's app hash and tip, then begins the restore.
     *
     * @throws Rejection if the anchor does not hold: the peer that served manifest or block is at fault
     */
    void begin(SnapshotManifest manifest, SyncBlockResponse next) throws Rejection;

    /** Verifies and writes chunk {@code index} (chunks arrive in order). */
    void apply(int index, byte[] chunk) throws Rejection;

    /** Writes height, app hash, tip and totals: the store is a normal store at the snapshot's height. */
    void finish();
}
