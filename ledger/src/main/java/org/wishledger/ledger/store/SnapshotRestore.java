package org.wishledger.ledger.store;

import java.util.Arrays;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.SnapshotChunk;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.proto.WishRecord;

/**
 * Builds a store from a state-sync snapshot: an EMPTY store takes the chunks in order, each verified
 * ({@link SnapshotVerifier}) and written in its own LMDB transaction, and {@link #finish} writes the
 * height, app hash, last block id, totals, genesis and validators in one last transaction. Until then the
 * store carries a "restoring" mark and refuses a genesis; a node that crashed mid-restore must start
 * again on an empty directory ({@link LedgerStore#restoringSnapshot()} tells it).
 *
 * <p>The caller must first check the manifest's app hash and last block id against the header of block
 * height+1 proven by +2/3 precommits (vm-free-rules' {@code SnapshotAnchor}).
 */
public final class SnapshotRestore {
    private final LedgerStore store;
    private final SnapshotManifest manifest;
    private int next;
    private byte[] lastAddress;
    private WishRecord lastWish;

    private SnapshotRestore(LedgerStore store, SnapshotManifest manifest) {
        this.store = store;
        this.manifest = manifest;
    }

    /**
     * @param trustedAppHash the app hash after {@code manifest.height}, from a header proven by a commit
     * @param genesis        this node's genesis, encoded; the snapshot must be of the same chain
     */
    public static SnapshotRestore begin(LedgerStore store, SnapshotManifest manifest, byte[] trustedAppHash,
            byte[] genesis) throws Rejection {
        SnapshotVerifier.checkManifest(manifest);
        if (!Arrays.equals(manifest.getAppHash().toByteArray(), trustedAppHash)) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot app hash " + Hex.encode(manifest.getAppHash().toByteArray())
                    + " is not the committed app hash " + Hex.encode(trustedAppHash) + " at height " + manifest.getHeight());
        }
        if (!Arrays.equals(manifest.getGenesis().toByteArray(), genesis)) {
            throw new Rejection(ErrorCode.WRONG_CHAIN, "snapshot is of another genesis");
        }
        if (store.height() != 0 || store.genesis().isPresent() || store.restoringSnapshot().isPresent()) {
            throw new IllegalStateException("state sync restores into an empty store only: " + store.directory());
        }
        store.restoreBegin(manifest.getHeight());
        return new SnapshotRestore(store, manifest);
    }

    public SnapshotManifest manifest() {
        return manifest;
    }

    /** Index of the chunk to apply next. */
    public int nextChunk() {
        return next;
    }

    public boolean complete() {
        return next == manifest.getChunkRootsCount();
    }

    /** Verifies and writes chunk {@code index}; chunks are taken in order (the seams are checked). */
    public void apply(int index, byte[] bytes) throws Rejection {
        if (index != next) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot chunk " + index + " arrived; expecting chunk " + next);
        }
        SnapshotChunk c = SnapshotVerifier.checkChunk(manifest, index, bytes);
        if (c.getAccountsCount() > 0) {
            byte[] first = c.getAccounts(0).getAddress().toByteArray();
            if (lastAddress != null && Arrays.compareUnsigned(lastAddress, first) >= 0) {
                throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot chunk " + index + ": accounts out of order at its start");
            }
            lastAddress = c.getAccounts(c.getAccountsCount() - 1).getAddress().toByteArray();
        }
        if (c.getWishesCount() > 0) {
            if (lastWish != null && SnapshotVerifier.comparePositions(lastWish, c.getWishes(0).getRecord()) >= 0) {
                throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot chunk " + index + ": wishes out of order at its start");
            }
            lastWish = c.getWishes(c.getWishesCount() - 1).getRecord();
        }
        store.restoreChunk(c);
        next++;
    }

    /** Makes the store a normal store at the snapshot's height. */
    public void finish() {
        if (!complete()) {
            throw new IllegalStateException("snapshot restore is at chunk " + next + " of " + manifest.getChunkRootsCount());
        }
        store.restoreFinish(manifest);
    }
}
