package org.wishledger.ledger.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.proto.TxLocation;

/**
 * The tx hash index outside LMDB: exact answers despite fingerprint collisions and growth, snapshot
 * isolation, and recovery from a checkpoint behind the store (a crash) or a damaged file.
 */
class TxHashIndexTest {
    private static final long SEED = 20261204L;

    @TempDir
    Path dir;

    @Test
    void growsPastItsFirstCapacityAndFindsEveryEntry() {
        Random rnd = new Random(SEED);
        int n = 300_000; // the first table holds 65,536: three doublings
        long[] fps = new long[n];
        try (TxHashIndex index = TxHashIndex.recreate(dir, TxHashIndex.lock(dir))) {
            for (int i = 0; i < n; i++) {
                fps[i] = rnd.nextLong();
                index.add(fps[i], TxHashIndex.pack(1 + i / 10_000, i % 10_000));
            }
            assertEquals(n, index.entries(), "seed " + SEED);
            assertTrue(index.capacity() >= 2L * n, "load stays at most one half");
            for (int i = 0; i < n; i++) {
                long want = TxHashIndex.pack(1 + i / 10_000, i % 10_000);
                assertEquals(want, index.find(bytesOf(fps[i]), p -> p == want), "entry " + i + " seed " + SEED);
            }
            index.add(fps[7], TxHashIndex.pack(1, 7)); // a replayed entry is not added twice
            assertEquals(n, index.entries());
        }
        assertFalse(Files.exists(dir.resolve("tx-hash-index.bin.grow")));
    }

    @Test
    void entriesSharingAFingerprintAreAllFoundThroughTheConfirmation() {
        try (TxHashIndex index = TxHashIndex.recreate(dir, TxHashIndex.lock(dir))) {
            long fp = 0x1234_5678_9abc_def0L;
            long a = TxHashIndex.pack(3, 1);
            long b = TxHashIndex.pack(9, 4);
            index.add(fp, a);
            index.add(fp, b);
            assertEquals(a, index.find(bytesOf(fp), p -> p == a));
            assertEquals(b, index.find(bytesOf(fp), p -> p == b));
            assertEquals(0, index.find(bytesOf(fp), p -> false), "no confirmed candidate: not found");
        }
    }

    @Test
    void aSnapshotDoesNotFindTxsOfLaterBlocks() {
        try (LedgerStore store = LedgerStore.open(dir)) {
            store.writeGenesis(LedgerStoreTest.genesis("chain-a"));
            List<byte[]> ids = new ArrayList<>();
            store.writeBlock(LedgerStoreTest.block(store, 1, 2, ids));
            try (StoreSnapshot before = store.snapshot()) {
                store.writeBlock(LedgerStoreTest.block(store, 2, 2, ids));
                assertTrue(before.txLocation(ids.get(0)).isPresent());
                assertFalse(before.txLocation(ids.get(2)).isPresent(), "block 2 is not in the older snapshot");
                assertFalse(before.wishExists(ids.get(3)));
            }
            assertEquals(2, store.txLocation(ids.get(3)).orElseThrow().getHeight());
            assertFalse(store.txLocation(new byte[5]).isPresent(), "a hash of the wrong length is simply absent");
        }
    }

    /**
     * What a checkpoint made durable is what a later open reads, whether the dirty pages were scattered (a few entries)
     * or contiguous (every page of the table), and an entry put after the checkpoint is not claimed by it.
     */
    @Test
    void aCheckpointWritesEveryDirtyPageToTheFile() {
        Random rnd = new Random(SEED);
        Path file = dir.resolve(TxHashIndex.FILE_NAME);
        for (int n : new int[] {5, 100_000}) {
            HashSlotTable t = HashSlotTable.create(file, 1L << 18, 0);
            long[] fps = new long[n];
            for (int i = 0; i < n; i++) {
                fps[i] = rnd.nextLong() | 1; // never 0
                t.put(fps[i], 1 + i);
            }
            t.forceAndCheckpoint(7);
            long late = rnd.nextLong() | 1;
            t.put(late, n + 1); // after the checkpoint: its page is written by the next one, not this one
            t.closeChannel();

            HashSlotTable reopened = HashSlotTable.open(file);
            assertEquals(7, reopened.checkpointHeight());
            assertTrue(reopened.count() == n || reopened.count() == n + 1, "n=" + n + " count " + reopened.count());
            for (int i = 0; i < n; i++) {
                long want = 1 + i;
                assertEquals(want, reopened.find(fps[i], p -> p == want), "entry " + i + " of " + n + " seed " + SEED);
            }
            reopened.closeChannel();
        }
    }

    /** As after a power loss: the file's checkpoint is at 2 and the later blocks' entries are gone. */
    @Test
    void aCheckpointBehindTheStoreIsCaughtUpFromTheTxs() {
        List<byte[]> ids = writeBlocks(5, 30);
        HashSlotTable t = HashSlotTable.create(dir.resolve(TxHashIndex.FILE_NAME), TxHashIndex.MIN_CAPACITY, 2);
        for (int i = 0; i < 60; i++) {
            t.put(TxHashIndex.fingerprint(ids.get(i)), TxHashIndex.pack(1 + i / 30, i % 30));
        }
        t.forceAndCheckpoint(2);
        t.closeChannel();
        assertEveryTxFound(ids, 30);
    }

    @Test
    void aDamagedOrMissingIndexFileIsRebuiltFromTheTxs() throws Exception {
        List<byte[]> ids = writeBlocks(4, 25);
        Files.write(dir.resolve(TxHashIndex.FILE_NAME), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertEveryTxFound(ids, 25);
        Files.delete(dir.resolve(TxHashIndex.FILE_NAME));
        assertEveryTxFound(ids, 25);
    }

    @Test
    void aCheckpointAheadOfTheStoreIsLowered() {
        writeBlocks(2, 3);
        try (LedgerStore store = LedgerStore.open(dir)) {
            store.txHashes.checkpointNow(50); // e.g. the store was restored from an older copy
        }
        try (LedgerStore store = LedgerStore.open(dir)) {
            assertEquals(2, store.txHashes.checkpointHeight());
        }
    }

    @Test
    void aSecondOpenOfTheSameStoreIsRefusedUntilTheFirstCloses() {
        writeBlocks(1, 2);
        try (LedgerStore first = LedgerStore.open(dir)) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> LedgerStore.open(dir));
            assertTrue(e.getMessage().contains("open in another process"), e.getMessage());
            assertEquals(1, first.height(), "the first store is unaffected");
        }
        try (LedgerStore again = LedgerStore.open(dir)) {
            assertEquals(1, again.height());
        }
    }

    private void assertEveryTxFound(List<byte[]> ids, int perBlock) {
        try (LedgerStore store = LedgerStore.open(dir)) {
            for (int i = 0; i < ids.size(); i++) {
                TxLocation loc = store.txLocation(ids.get(i)).orElseThrow();
                assertEquals(1 + i / perBlock, loc.getHeight());
                assertEquals(i % perBlock, loc.getIndex());
            }
            assertEquals(store.height(), store.txHashes.checkpointHeight(), "caught up and checkpointed on open");
        }
    }

    private List<byte[]> writeBlocks(int blocks, int txsPerBlock) {
        return LedgerStoreTest.writeChain(dir, blocks, txsPerBlock);
    }

    private static byte[] bytesOf(long fingerprint) {
        byte[] hash = new byte[32];
        java.nio.ByteBuffer.wrap(hash).putLong(fingerprint);
        return hash;
    }
}
