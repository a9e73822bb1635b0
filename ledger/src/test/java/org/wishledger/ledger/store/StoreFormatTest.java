package org.wishledger.ledger.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.proto.TxLocation;

/**
 * The store format version: a format-1 store (hash-keyed {@code tx_index} db in LMDB, no format key)
 * is migrated on open and every tx is still found; a format newer than this build is refused with
 * what to do; a new store is written as the current format.
 */
class StoreFormatTest {
    @TempDir
    Path dir;

    @Test
    void aNewStoreIsWrittenInTheCurrentFormat() {
        try (LedgerStore store = LedgerStore.open(dir)) {
            assertEquals(StoreFormat.CURRENT, storedFormat(store));
        }
        assertTrue(Files.exists(dir.resolve(TxHashIndex.FILE_NAME)));
    }

    @Test
    void aFormat1StoreIsMigratedAndEveryTxIsFoundAfterwards() {
        List<byte[]> ids = writeBlocks(5, 40);
        downgradeToFormat1();
        try (LedgerStore store = LedgerStore.open(dir)) {
            assertEquals(StoreFormat.CURRENT, storedFormat(store));
            assertEquals(5, store.height());
            for (int i = 0; i < ids.size(); i++) {
                TxLocation loc = store.txLocation(ids.get(i)).orElseThrow(() -> new AssertionError("tx lost by the migration"));
                assertEquals(1 + i / 40, loc.getHeight());
                assertEquals(i % 40, loc.getIndex());
                assertTrue(store.wish(ids.get(i)).isPresent());
            }
            assertFalse(store.txLocation(Sha256.hash(new byte[] {1, 2, 3})).isPresent());
            // The store keeps working in the new format.
            List<byte[]> more = new ArrayList<>();
            store.writeBlock(LedgerStoreTest.block(store, 6, 3, more));
            assertEquals(6, store.txLocation(more.get(2)).orElseThrow().getHeight());
        }
        try (Env<ByteBuffer> env = rawEnv()) {
            assertFalse(StoreFormat.hasOldTxIndex(env), "the old LMDB tx_index db is dropped by the migration");
        }
        try (LedgerStore store = LedgerStore.open(dir)) { // reopening a migrated store migrates nothing
            assertEquals(StoreFormat.CURRENT, storedFormat(store));
            assertEquals(1, store.txLocation(ids.get(0)).orElseThrow().getHeight());
        }
    }

    @Test
    void aStoreOfANewerFormatIsRefusedWithWhatToDo() {
        writeBlocks(1, 2);
        try (Env<ByteBuffer> env = rawEnv()) {
            Dbi<ByteBuffer> meta = env.openDbi("meta");
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                meta.put(txn, key("format"), ByteBuffer.allocateDirect(8).putLong(0, 99));
                txn.commit();
            }
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LedgerStore.open(dir));
        assertTrue(e.getMessage().contains("store format 99"), e.getMessage());
        assertTrue(e.getMessage().contains("fresh data directory"), e.getMessage());
    }

    static long storedFormat(LedgerStore store) {
        try (StoreSnapshot s = store.snapshot()) {
            return StoreFormat.read(store, s.txn());
        }
    }

    private List<byte[]> writeBlocks(int blocks, int txsPerBlock) {
        return LedgerStoreTest.writeChain(dir, blocks, txsPerBlock);
    }

    /**
     * Rewrites a closed store into format 1 as older builds left it: the LMDB db tx_index (tx hash ->
     * height || index, built here from the stored txs), no format key and no hash index file.
     */
    private void downgradeToFormat1() {
        try (Env<ByteBuffer> env = rawEnv()) {
            Dbi<ByteBuffer> meta = env.openDbi("meta");
            Dbi<ByteBuffer> txs = env.openDbi("txs");
            Dbi<ByteBuffer> old = env.openDbi(StoreFormat.OLD_TX_INDEX_DB, DbiFlags.MDB_CREATE);
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                try (Cursor<ByteBuffer> c = txs.openCursor(txn)) {
                    for (boolean ok = c.first(); ok; ok = c.next()) {
                        ByteBuffer k = ByteBuffer.allocateDirect(32).put(Sha256.hash(c.val())).flip();
                        ByteBuffer v = ByteBuffer.allocateDirect(12);
                        v.put(c.key().duplicate()).flip();
                        old.put(txn, k, v);
                    }
                }
                assertTrue(meta.delete(txn, key("format")));
                txn.commit();
            }
        }
        try {
            Files.delete(dir.resolve(TxHashIndex.FILE_NAME));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Env<ByteBuffer> rawEnv() {
        return Env.create(ByteBufferProxy.PROXY_OPTIMAL).setMapSize(1L << 30).setMaxDbs(16)
                .open(dir.toFile(), EnvFlags.MDB_NOTLS);
    }

    private static ByteBuffer key(String name) {
        byte[] b = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }
}
