package org.wishledger.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.ledger.store.SnapshotRestore;
import org.wishledger.ledger.store.SnapshotStore;

/**
 * State sync without the network: node A runs a workload of transfers, wishes and endorsements and
 * snapshots at height 10; node B checks the snapshot's anchor (block 11's header and the commit that
 * decided it), restores it into an empty store, and then applies A's blocks 11..15 through the rules,
 * reaching A's app hash at every height. A forged anchor is refused.
 */
class StateSyncTest {
    private static final long SEED = 7;
    private static final int SNAPSHOT_AT = 10;
    private static final int LAST = 15;

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    @TempDir
    Path snaps;

    @Test
    void aRestoredNodeFollowsTheChainWithTheSameAppHashes() throws Exception {
        TestChain chain = new TestChain(4, 8);
        Workload work = new Workload(chain, SEED);
        List<Block> blocks = new ArrayList<>();
        List<Commit> commits = new ArrayList<>();
        List<byte[]> appHashes = new ArrayList<>();
        SnapshotStore snapshots = new SnapshotStore(snaps, SNAPSHOT_AT, 2);
        try (LedgerStore a = LedgerStore.open(dirA); LedgerStore b = LedgerStore.open(dirB)) {
            Rules.initGenesis(a, chain.genesis);
            for (int h = 1; h <= LAST; h++) {
                List<Tx> txs = new ArrayList<>();
                int n = 1 + work.rnd.nextInt(40);
                for (int i = 0; i < n; i++) {
                    txs.add(work.valid());
                }
                Block block = chain.block(a, txs, h);
                Commit commit = chain.commit(block);
                chain.rules.applyBlock(a, block, commit, PreVerified.NONE);
                work.endBlock(chain.validators.get(h % 4).address());
                blocks.add(block);
                commits.add(commit);
                appHashes.add(a.appHash());
                if (snapshots.due(h)) {
                    snapshots.take(a);
                }
            }
            SnapshotManifest m = snapshots.manifest(SNAPSHOT_AT).orElseThrow();
            Rules rulesB = new Rules(chain.genesis);
            Block anchor = blocks.get(SNAPSHOT_AT); // block 11 carries the app hash after 10
            Commit anchorCommit = commits.get(SNAPSHOT_AT);

            Commit forged = anchorCommit.toBuilder().setSignatures(0, anchorCommit.getSignatures(0).toBuilder()
                    .setSignature(ByteString.copyFrom(new byte[64]))).build();
            Rejection bad = assertThrows(Rejection.class, () -> SnapshotAnchor.verify(rulesB, m, anchor.getHeader(), forged));
            assertEquals(ErrorCode.BAD_SIGNATURE, bad.code(), bad.getMessage());
            assertThrows(Rejection.class, () -> SnapshotAnchor.verify(rulesB, m, blocks.get(SNAPSHOT_AT + 1).getHeader(),
                    commits.get(SNAPSHOT_AT + 1)), "the header of the wrong height");

            SnapshotAnchor.verify(rulesB, m, anchor.getHeader(), anchorCommit);
            SnapshotRestore r = SnapshotRestore.begin(b, m, anchor.getHeader().getAppHash().toByteArray(),
                    chain.genesis.toByteArray());
            while (!r.complete()) {
                r.apply(r.nextChunk(), snapshots.chunk(SNAPSHOT_AT, r.nextChunk()).orElseThrow());
            }
            r.finish();
            assertEquals(SNAPSHOT_AT, b.height());
            for (int h = SNAPSHOT_AT + 1; h <= LAST; h++) {
                rulesB.applyBlock(b, blocks.get(h - 1), commits.get(h - 1), PreVerified.NONE);
                assertArrayEquals(appHashes.get(h - 1), b.appHash(), "app hash at height " + h + " seed " + SEED);
            }
            assertEquals(a.supply(), b.supply());
            assertEquals(a.totalBurned(), b.totalBurned());
        }
    }
}
