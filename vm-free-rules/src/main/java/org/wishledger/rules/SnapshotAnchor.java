package org.wishledger.rules;

import java.util.Arrays;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Header;
import org.wishledger.ledger.proto.SnapshotManifest;

/**
 * The trust anchor of a state-sync snapshot at height h: the header of block h+1, proven by a commit of
 * +2/3 of the known validator set's power, must carry the manifest's app hash (the state after h) and
 * last block id (block h's id). Then the manifest's height, app hash and tip are the chain's.
 *
 * <p>What this does NOT prove yet: that the snapshot's records are the state the app hash commits to.
 * The app hash is a chain of per-block delta roots (docs/ledger.md), so it binds the whole state only
 * through the history; a snapshot whose records differ is detected when a later block touches a wrong
 * record (the node's app hash then differs from the next header's and it stops), not up front.
 * Closing this needs the snapshot's state root in consensus (docs/ledger.md, "State snapshots").
 */
public final class SnapshotAnchor {
    private SnapshotAnchor() {
    }

    /**
     * @param next       header of block {@code manifest.height + 1}
     * @param nextCommit the commit that decided that block
     */
    public static void verify(Rules rules, SnapshotManifest manifest, Header next, Commit nextCommit) throws Rejection {
        if (!next.getChainId().equals(rules.genesis().getChainId())) {
            throw new Rejection(ErrorCode.WRONG_CHAIN, "anchor header is of chain " + next.getChainId());
        }
        if (next.getHeight() != manifest.getHeight() + 1) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "anchor header is at height " + next.getHeight()
                    + "; the snapshot at " + manifest.getHeight() + " needs the header of " + (manifest.getHeight() + 1));
        }
        rules.commitVerifier().verify(nextCommit, next.getHeight(), Hashes.blockId(next));
        if (!Arrays.equals(next.getAppHash().toByteArray(), manifest.getAppHash().toByteArray())) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot app hash is not the one committed in block " + next.getHeight());
        }
        if (!Arrays.equals(next.getLastBlockId().toByteArray(), manifest.getLastBlockId().toByteArray())) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot tip is not the parent of block " + next.getHeight());
        }
    }
}
