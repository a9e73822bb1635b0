package org.wishledger.ledger.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.SnapshotChunk;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.proto.WishRecord;

/**
 * State snapshots: written from a store, every chunk verified against the manifest, restored into an
 * empty store that then holds the same state; tampered, reordered or foreign pieces are refused with a
 * code and message; old snapshots are pruned.
 */
class StateSnapshotTest {
    private static final int PER_CHUNK = 4; // small, so the 9 wishes and 2 accounts span several chunks

    @TempDir
    Path source;
    @TempDir
    Path target;
    @TempDir
    Path snaps;

    @Test
    void aRestoredStoreHoldsTheSameStateAndFindsEveryWish() throws Exception {
        List<byte[]> ids = new ArrayList<>();
        try (LedgerStore a = sourceStore(3, ids); LedgerStore b = LedgerStore.open(target)) {
            SnapshotManifest m = write(a);
            assertEquals(3, m.getHeight());
            assertEquals(2, m.getAccounts());
            assertEquals(9, m.getWishes());
            assertEquals(3, m.getChunkRootsCount()); // 11 records in chunks of 4
            restore(b, m, a.appHash());
            assertEquals(a.height(), b.height());
            assertArrayEquals(a.appHash(), b.appHash());
            assertArrayEquals(a.lastBlockId(), b.lastBlockId());
            assertEquals(a.lastBlockTimeMs(), b.lastBlockTimeMs());
            assertEquals(a.supply(), b.supply());
            assertEquals(a.totalBurned(), b.totalBurned());
            assertEquals(a.genesis(), b.genesis());
            assertEquals(a.validators(), b.validators());
            assertEquals(accounts(a), accounts(b));
            assertEquals(wishes(a), wishes(b));
            for (byte[] id : ids) {
                assertEquals(a.wish(id), b.wish(id), "wish found by id, text restored from its tx");
            }
            assertTrue(b.restoringSnapshot().isEmpty());
            // It continues the chain as a normal store.
            b.writeBlock(LedgerStoreTest.block(b, 4, 2, ids));
            assertEquals(4, b.txLocation(ids.get(ids.size() - 1)).orElseThrow().getHeight());
        }
    }

    @Test
    void tamperedReorderedOrForeignPiecesAreRefused() throws Exception {
        try (LedgerStore a = sourceStore(3, new ArrayList<>()); LedgerStore b = LedgerStore.open(target)) {
            SnapshotManifest m = write(a);
            SnapshotStore store = new SnapshotStore(snaps, 1, 2);
            byte[] genesis = a.genesis().orElseThrow().toByteArray();

            Rejection wrongApp = assertThrows(Rejection.class, () -> SnapshotRestore.begin(b, m, new byte[32], genesis));
            assertEquals(ErrorCode.INVALID_FIELD, wrongApp.code());
            SnapshotManifest forgedRoot = m.toBuilder().setTotalBurned(m.getTotalBurned() + 1).build();
            Rejection root = assertThrows(Rejection.class, () -> SnapshotRestore.begin(b, forgedRoot, a.appHash(), genesis));
            assertTrue(root.getMessage().contains("not the root of its parts"), root.getMessage());
            assertEquals(ErrorCode.WRONG_CHAIN, assertThrows(Rejection.class,
                    () -> SnapshotRestore.begin(b, m, a.appHash(), new byte[] {1})).code());

            SnapshotRestore r = SnapshotRestore.begin(b, m, a.appHash(), genesis);
            byte[] c0 = store.chunk(3, 0).orElseThrow();
            SnapshotChunk chunk0 = SnapshotChunk.parseFrom(c0);
            byte[] richer = chunk0.toBuilder().setAccounts(0, chunk0.getAccounts(0).toBuilder()
                    .setBalance(chunk0.getAccounts(0).getBalance() + 1)).build().toByteArray();
            assertTrue(assertThrows(Rejection.class, () -> r.apply(0, richer)).getMessage().contains("does not match its root"));
            assertEquals(ErrorCode.MALFORMED, assertThrows(Rejection.class, () -> r.apply(0, new byte[] {(byte) 0xff, 1})).code());
            assertTrue(assertThrows(Rejection.class, () -> r.apply(1, store.chunk(3, 1).orElseThrow()))
                    .getMessage().contains("expecting chunk 0"));
            r.apply(0, c0);
            byte[] c1 = store.chunk(3, 1).orElseThrow();
            SnapshotChunk chunk1 = SnapshotChunk.parseFrom(c1);
            byte[] otherText = chunk1.toBuilder().setWishes(0, chunk1.getWishes(0).toBuilder()
                    .setTx(chunk1.getWishes(1).getTx())).build().toByteArray();
            assertTrue(assertThrows(Rejection.class, () -> r.apply(1, otherText)).getMessage().contains("does not hash to its id"));
            assertThrows(IllegalStateException.class, r::finish, "not complete");
            assertTrue(b.restoringSnapshot().isPresent());
            IllegalStateException genesisNow = assertThrows(IllegalStateException.class,
                    () -> b.writeGenesis(LedgerStoreTest.genesis("chain-a")));
            assertTrue(genesisNow.getMessage().contains("unfinished state-sync restore"), genesisNow.getMessage());
        }
    }

    @Test
    void snapshotsAreTakenOnScheduleAndPruned() throws Exception {
        List<byte[]> ids = new ArrayList<>();
        try (LedgerStore a = sourceStore(0, ids)) {
            SnapshotStore store = new SnapshotStore(snaps, 2, 2);
            for (long h = 1; h <= 7; h++) {
                a.writeBlock(LedgerStoreTest.block(a, h, 3, ids));
                if (store.due(h)) {
                    store.take(a);
                }
            }
            assertEquals(List.of(4L, 6L), store.heights());
            SnapshotManifest m = store.manifest(6).orElseThrow();
            SnapshotVerifier.checkManifest(m);
            for (int i = 0; i < m.getChunkRootsCount(); i++) {
                SnapshotVerifier.checkChunk(m, i, store.chunk(6, i).orElseThrow());
            }
        }
    }

    /**
     * Snapshot format 1 does not carry the anonymous-note state: once a note exists no snapshot is
     * written (a clear refusal), while the snapshot taken before the first deposit stays on disk and
     * restores (the joining node replays the deposits by block sync).
     */
    @Test
    void noSnapshotOnceTheChainHasAnonymousNotesAndEarlierOnesStayValid() throws Exception {
        List<byte[]> ids = new ArrayList<>();
        try (LedgerStore a = sourceStore(2, ids); LedgerStore b = LedgerStore.open(target)) {
            SnapshotManifest before = write(a);
            BlockWrite w = LedgerStoreTest.block(a, 3, 1, ids);
            org.wishledger.ledger.proto.AnonBucket bucket = org.wishledger.ledger.proto.AnonBucket.newBuilder()
                    .setDenom(5).setBucketId(0).setKeys(com.google.protobuf.ByteString.copyFrom(new byte[32]))
                    .setDeposits(1).setOpenedHeight(3).build();
            a.writeBlock(new BlockWrite(w.block(), w.blockId(), w.commit(), w.txHashes(), w.accounts(), w.newWishes(),
                    w.updatedWishes(), w.totalBurned(), w.appHash(), w.encodedTxs(), new AnonWrite(List.of(bucket),
                    java.util.Map.of(5, 1L), List.of(), List.of(), List.of(), 100_000)));
            StateSnapshotWriter.AnonymousStateNotCarried refused = assertThrows(
                    StateSnapshotWriter.AnonymousStateNotCarried.class, () -> write(a));
            assertTrue(refused.getMessage().contains("anonymous notes") && refused.getMessage().contains("height 3"),
                    refused.getMessage());
            SnapshotStore store = new SnapshotStore(snaps, 1, 2);
            assertEquals(List.of(2L), store.heights(), "nothing written at height 3, not even a partial folder");
            restore(b, before, before.getAppHash().toByteArray());
            assertEquals(2, b.height());
        }
    }

    private LedgerStore sourceStore(int blocks, List<byte[]> ids) {
        LedgerStore a = LedgerStore.open(source);
        a.writeGenesis(LedgerStoreTest.genesis("chain-a"));
        for (int h = 1; h <= blocks; h++) {
            a.writeBlock(LedgerStoreTest.block(a, h, 3, ids));
        }
        return a;
    }

    private SnapshotManifest write(LedgerStore a) {
        try (StoreSnapshot s = a.snapshot()) {
            return StateSnapshotWriter.write(s, snaps, PER_CHUNK);
        }
    }

    private void restore(LedgerStore b, SnapshotManifest m, byte[] appHash) throws Rejection {
        SnapshotStore store = new SnapshotStore(snaps, 1, 2);
        SnapshotRestore r = SnapshotRestore.begin(b, m, appHash, m.getGenesis().toByteArray());
        while (!r.complete()) {
            r.apply(r.nextChunk(), store.chunk(m.getHeight(), r.nextChunk()).orElseThrow());
        }
        r.finish();
    }

    private static List<String> accounts(LedgerStore s) {
        List<String> out = new ArrayList<>();
        s.read(snap -> {
            snap.forEachAccount((addr, acc) -> out.add(org.wishledger.ledger.crypto.Hex.encode(addr) + "=" + acc));
            return null;
        });
        return out;
    }

    private static List<WishRecord> wishes(LedgerStore s) {
        List<WishRecord> out = new ArrayList<>();
        s.read(snap -> {
            snap.forEachWish(out::add);
            return null;
        });
        return out;
    }
}
