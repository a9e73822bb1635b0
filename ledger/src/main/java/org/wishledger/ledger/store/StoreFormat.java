package org.wishledger.ledger.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;
import org.wishledger.ledger.crypto.Sha256;

/**
 * The on-disk format version of a store (meta key {@code format}) and the upgrade of older stores.
 *
 * <ul>
 *   <li>1 (stores written before the key existed): the tx index is the LMDB db {@code tx_index},
 *       tx hash(32) &rarr; height(8) index(4).</li>
 *   <li>2: no {@code tx_index} db; the hash &rarr; position lookup is {@link TxHashIndex}'s file.</li>
 * </ul>
 * Opening a format-1 store migrates it: the lookup file is built from {@code tx_index} (a sequential
 * cursor walk, no hashing), forced to disk, and only then one LMDB transaction drops {@code tx_index} and
 * writes format 2, so a crash during the migration leaves a format-1 store that migrates again. A store
 * of a format newer than this build knows is refused with what to do.
 */
final class StoreFormat {
    static final long CURRENT = 2;
    static final ByteBuffer META_FORMAT = LedgerStore.metaKey("format");
    static final String OLD_TX_INDEX_DB = "tx_index";
    private static final long PROGRESS_EVERY = 1_000_000;

    private StoreFormat() {
    }

    /** The stored format: 0 for an empty (new) store, 1 for a store written before the key existed. */
    static long read(LedgerStore store, Txn<ByteBuffer> txn) {
        ByteBuffer v = store.meta.get(txn, META_FORMAT.duplicate());
        if (v != null) {
            return v.getLong(0);
        }
        boolean initialised = store.meta.get(txn, LedgerStore.META_GENESIS.duplicate()) != null
                || store.meta.get(txn, LedgerStore.META_HEIGHT.duplicate()) != null;
        return initialised ? 1 : 0;
    }

    static void write(LedgerStore store, Txn<ByteBuffer> txn) {
        store.meta.reserve(txn, META_FORMAT.duplicate(), 8).putLong(0, CURRENT);
    }

    static IllegalStateException tooNew(LedgerStore store, long format) {
        return new IllegalStateException("the ledger at " + store.directory() + " has store format " + format
                + ", newer than this build supports (" + CURRENT + "): run a wishledger release that supports it,"
                + " or start this one on a fresh data directory (it will sync the chain from its peers)");
    }

    static boolean hasOldTxIndex(Env<ByteBuffer> env) {
        byte[] name = OLD_TX_INDEX_DB.getBytes(StandardCharsets.US_ASCII);
        return env.getDbiNames().stream().anyMatch(n -> Arrays.equals(n, name));
    }

    /**
     * Upgrades a format-1 store to format 2, logging progress; returns the new lookup index (at the
     * store's height). The old {@code tx_index} db is deleted at the end.
     */
    static TxHashIndex migrateFromV1(LedgerStore store, Env<ByteBuffer> env, java.nio.channels.FileChannel lock,
            System.Logger log) {
        TxHashIndex index = TxHashIndex.recreate(store.directory(), lock);
        try {
            return migrate(store, env, log, index);
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
    }

    private static TxHashIndex migrate(LedgerStore store, Env<ByteBuffer> env, System.Logger log, TxHashIndex index) {
        long height;
        boolean hadOldIndex = hasOldTxIndex(env);
        // Opened before the read transaction: a handle opened later is not valid inside it.
        Dbi<ByteBuffer> old = hadOldIndex ? env.openDbi(OLD_TX_INDEX_DB) : null;
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            height = store.meta.get(txn, LedgerStore.META_HEIGHT.duplicate()) == null ? 0
                    : store.meta.get(txn, LedgerStore.META_HEIGHT.duplicate()).getLong(0);
            if (hadOldIndex) {
                long total = old.stat(txn).entries;
                log.log(System.Logger.Level.INFO, "ledger store " + store.directory() + ": migrating format 1 -> "
                        + CURRENT + " (" + total + " tx index entries move out of LMDB)");
                long done = 0;
                try (Cursor<ByteBuffer> c = old.openCursor(txn)) {
                    for (boolean ok = c.first(); ok; ok = c.next()) {
                        ByteBuffer v = c.val();
                        index.add(c.key().getLong(c.key().position()),
                                TxHashIndex.pack(v.getLong(v.position()), v.getInt(v.position() + 8)));
                        if (++done % PROGRESS_EVERY == 0) {
                            log.log(System.Logger.Level.INFO, "  migrated " + done + " / " + total + " tx index entries");
                        }
                    }
                }
            } else {
                // A format-1 store always has the db; without it, recompute the entries from the txs.
                replayTxs(store, txn, index, 0, log);
            }
        }
        index.checkpointNow(height);
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            if (hadOldIndex) {
                old.drop(txn, true);
            }
            write(store, txn);
            txn.commit();
        }
        log.log(System.Logger.Level.INFO, "ledger store " + store.directory() + ": now format " + CURRENT
                + " (" + index.entries() + " tx index entries)");
        return index;
    }

    /**
     * Adds the entries of every tx stored above {@code afterHeight} (hashing each stored tx): the catch-up
     * after a crash since the index's last checkpoint, or the rebuild of a lost index file.
     *
     * @return the number of txs hashed
     */
    static long replayTxs(LedgerStore store, Txn<ByteBuffer> txn, TxHashIndex index, long afterHeight,
            System.Logger log) {
        long done = 0;
        try (Cursor<ByteBuffer> c = store.txs.openCursor(txn)) {
            boolean ok = c.get(StoreKeys.location(store.scratchKey(), afterHeight + 1, 0), org.lmdbjava.GetOp.MDB_SET_RANGE);
            for (; ok; ok = c.next()) {
                ByteBuffer k = c.key();
                index.add(TxHashIndex.fingerprint(Sha256.hash(c.val())),
                        TxHashIndex.pack(k.getLong(k.position()), k.getInt(k.position() + 8)));
                if (++done % PROGRESS_EVERY == 0) {
                    log.log(System.Logger.Level.INFO, "  tx hash index: re-indexed " + done + " txs");
                }
            }
        }
        return done;
    }
}
