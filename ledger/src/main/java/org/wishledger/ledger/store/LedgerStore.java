package org.wishledger.ledger.store;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.DuplicateVoteEvidence;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.SnapshotAccount;
import org.wishledger.ledger.proto.SnapshotChunk;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.proto.SnapshotWish;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxLocation;
import org.wishledger.ledger.proto.ValidatorSet;
import org.wishledger.ledger.proto.WishRecord;

/**
 * The ledger on disk: one LMDB environment holding blocks, commits, the tx index, wishes, accounts,
 * evidence and metadata. A block and everything it changes are written in ONE write transaction
 * ({@link #writeBlock}), so after a crash the store holds block N fully or not at all. LMDB's default
 * durable commit (fsync at commit, no MDB_NOSYNC) is kept on purpose.
 *
 * <p>Reads run in LMDB read transactions and never block the writer. Every lookup is a B-tree get
 * (O(log n)); paging walks a cursor from a position, never from the start. Databases and keys:
 * <pre>
 *   meta       ascii name              -> height, app hash, last block id/time, totals, genesis, validators
 *   blocks     height(8)               -> Block with header and last_commit, WITHOUT txs
 *   block_ids  block id(32)            -> height(8)
 *   commits    height(8)               -> Commit that decided the block at that height
 *   txs        height(8) index(4)      -> Tx
 *   wishes     height(8) index(4)      -> WishRecord without the wish text, which the tx at the same
 *                                         position holds (a wish's id is its tx hash: found via the
 *                                         tx hash index)
 *   accounts   address(20)             -> balance(8) nonce(8)
 *   evidence   height(8) sha256(32)    -> DuplicateVoteEvidence
 * </pre>
 * Keying txs and wishes by position makes "wishes after height h" a cursor range, block assembly a
 * range, and lets new wishes be appended (MDB_APPEND) rather than inserted. The tx hash &rarr; position
 * lookup is NOT an LMDB db (store format 2, {@link StoreFormat}): a hash-keyed B-tree makes every block's
 * inserts random page writes that grow with the chain; it is {@link TxHashIndex}, a memory-mapped table
 * derived from the txs, checkpointed in the background and caught up from the txs when the store opens.
 */
public final class LedgerStore implements AutoCloseable {
    /** Sparse: LMDB only uses the disk it writes; the size is the upper bound of the memory map. */
    public static final long DEFAULT_MAP_SIZE = 64L << 30;

    static final ByteBuffer META_HEIGHT = metaKey("height");
    static final ByteBuffer META_APP_HASH = metaKey("app_hash");
    static final ByteBuffer META_LAST_BLOCK_ID = metaKey("last_block_id");
    static final ByteBuffer META_LAST_BLOCK_TIME = metaKey("last_block_time_ms");
    static final ByteBuffer META_TOTAL_BURNED = metaKey("total_burned");
    static final ByteBuffer META_SUPPLY = metaKey("supply");
    static final ByteBuffer META_GENESIS = metaKey("genesis");
    static final ByteBuffer META_VALIDATORS = metaKey("validators");
    /** Present only while a state-sync restore is writing chunks (SnapshotRestore): the target height. */
    static final ByteBuffer META_RESTORING = metaKey("restoring");

    private final Path dir;
    private final Env<ByteBuffer> env;
    final Dbi<ByteBuffer> meta;
    final Dbi<ByteBuffer> blocks;
    final Dbi<ByteBuffer> blockIds;
    final Dbi<ByteBuffer> commits;
    final Dbi<ByteBuffer> txs;
    /** Set once by {@link #open}, before the store is handed out. */
    TxHashIndex txHashes;
    final Dbi<ByteBuffer> wishes;
    final Dbi<ByteBuffer> accounts;
    final Dbi<ByteBuffer> evidence;
    /** The anonymous-note databases (docs/privacy.md). */
    final AnonStore anon;

    /** Per-thread key buffer: LMDB copies keys on put and only reads them on get, so one suffices. */
    private final ThreadLocal<ByteBuffer> scratchKey = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(64));
    /** Writer-owned buffers; only touched while holding the write lock. */
    private final ByteBuffer writeKey = ByteBuffer.allocateDirect(64);
    private final Object writeLock = new Object();

    private LedgerStore(Path dir, Env<ByteBuffer> env) {
        this.dir = dir;
        this.env = env;
        this.meta = env.openDbi("meta", DbiFlags.MDB_CREATE);
        this.blocks = env.openDbi("blocks", DbiFlags.MDB_CREATE);
        this.blockIds = env.openDbi("block_ids", DbiFlags.MDB_CREATE);
        this.commits = env.openDbi("commits", DbiFlags.MDB_CREATE);
        this.txs = env.openDbi("txs", DbiFlags.MDB_CREATE);
        this.wishes = env.openDbi("wishes", DbiFlags.MDB_CREATE);
        this.accounts = env.openDbi("accounts", DbiFlags.MDB_CREATE);
        this.evidence = env.openDbi("evidence", DbiFlags.MDB_CREATE);
        this.anon = new AnonStore(env);
    }

    public static LedgerStore open(Path dir) {
        return open(dir, DEFAULT_MAP_SIZE);
    }

    public static LedgerStore open(Path dir, long mapSize) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ledger directory " + dir, e);
        }
        // Before LMDB: a second open of an LMDB environment in one process must never happen (closing it
        // would drop the first one's locks), and two writers of the hash index would lose entries.
        java.nio.channels.FileChannel lock = TxHashIndex.lock(dir);
        // MDB_NOTLS: read transactions are not bound to threads, so a thread may hold a snapshot and
        // still call the one-shot read methods, and snapshots may be handed between threads.
        Env<ByteBuffer> env;
        try {
            env = Env.create(ByteBufferProxy.PROXY_OPTIMAL)
                    .setMapSize(mapSize)
                    .setMaxDbs(16)
                    .setMaxReaders(1024)
                    .open(dir.toFile(), EnvFlags.MDB_NOTLS);
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
        // A process killed while holding a read transaction leaves its reader slot behind; free those
        // slots now so they neither pin old pages nor count against the reader limit.
        env.readerCheck();
        LedgerStore store = new LedgerStore(dir, env);
        try {
            store.txHashes = store.openTxHashIndex(lock);
        } catch (RuntimeException e) {
            env.close();
            closeQuietly(lock); // no-op when the index already released it
            throw e;
        }
        return store;
    }

    private static final System.Logger LOG = System.getLogger(LedgerStore.class.getName());

    /**
     * Checks the store format (migrating a format-1 store, refusing a newer one), opens the tx hash index
     * and catches it up with the txs committed after its last checkpoint.
     */
    private static void closeQuietly(java.nio.channels.FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // failing already
        }
    }

    private TxHashIndex openTxHashIndex(java.nio.channels.FileChannel lock) {
        long format;
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            format = StoreFormat.read(this, txn);
        }
        if (format > StoreFormat.CURRENT) {
            throw StoreFormat.tooNew(this, format);
        }
        if (format == 1) {
            return StoreFormat.migrateFromV1(this, env, lock, LOG);
        }
        if (format == 0) {
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                StoreFormat.write(this, txn);
                txn.commit();
            }
            return TxHashIndex.recreate(dir, lock);
        }
        TxHashIndex index = TxHashIndex.open(dir, lock, LOG);
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            ByteBuffer h = meta.get(txn, META_HEIGHT.duplicate());
            long height = h == null ? 0 : h.getLong(0);
            index.clampCheckpoint(height);
            long from = index.checkpointHeight();
            if (from < height) {
                long t0 = System.nanoTime();
                long n = StoreFormat.replayTxs(this, txn, index, from, LOG);
                LOG.log(System.Logger.Level.INFO, "ledger store " + dir + ": tx hash index caught up from height "
                        + from + " to " + height + " (" + n + " txs) in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                index.checkpointNow(height);
            } else {
                index.committed(height);
            }
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
        return index;
    }

    public Path directory() {
        return dir;
    }

    /** A consistent read view (one LMDB read transaction); close it promptly. */
    public StoreSnapshot snapshot() {
        return new StoreSnapshot(this, env.txnRead());
    }

    /** Runs a read against one consistent snapshot. */
    public <T> T read(Function<StoreSnapshot, T> reader) {
        try (StoreSnapshot s = snapshot()) {
            return reader.apply(s);
        }
    }

    public long height() {
        return read(StoreSnapshot::height);
    }

    public byte[] appHash() {
        return read(StoreSnapshot::appHash);
    }

    public byte[] lastBlockId() {
        return read(StoreSnapshot::lastBlockId);
    }

    public long lastBlockTimeMs() {
        return read(StoreSnapshot::lastBlockTimeMs);
    }

    public long totalBurned() {
        return read(StoreSnapshot::totalBurned);
    }

    public long supply() {
        return read(StoreSnapshot::supply);
    }

    public Optional<Block> block(long height) {
        return read(s -> s.block(height));
    }

    public Optional<Block> blockById(byte[] blockId) {
        return read(s -> s.blockById(blockId));
    }

    public Optional<Commit> commit(long height) {
        return read(s -> s.commit(height));
    }

    public Optional<TxLocation> txLocation(byte[] txHash) {
        return read(s -> s.txLocation(txHash));
    }

    public Optional<Tx> tx(byte[] txHash) {
        return read(s -> s.tx(txHash));
    }

    public Optional<WishRecord> wish(byte[] id) {
        return read(s -> s.wish(id));
    }

    public List<WishRecord> wishesAfter(long afterHeight, int limit) {
        return read(s -> s.wishesAfter(afterHeight, limit));
    }

    public List<WishRecord> wishesAfter(long height, int index, int limit) {
        return read(s -> s.wishesAfter(height, index, limit));
    }

    public Optional<Account> account(byte[] address) {
        return read(s -> s.account(address));
    }

    public Optional<Genesis> genesis() {
        return read(StoreSnapshot::genesis);
    }

    public ValidatorSet validators() {
        return read(StoreSnapshot::validators);
    }

    public List<DuplicateVoteEvidence> evidence() {
        return read(StoreSnapshot::evidence);
    }

    /**
     * Writes the height-0 state. Idempotent: returns false and writes nothing when the store already
     * holds this exact genesis.
     *
     * @throws IllegalStateException when the store was initialised with a different genesis
     */
    public boolean writeGenesis(GenesisWrite g) {
        byte[] encoded = g.genesis().toByteArray();
        synchronized (writeLock) {
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                ByteBuffer existing = meta.get(txn, META_GENESIS.duplicate());
                if (existing != null) {
                    byte[] stored = new byte[existing.remaining()];
                    existing.get(stored);
                    if (Arrays.equals(stored, encoded)) {
                        return false;
                    }
                    throw new IllegalStateException("the ledger at " + dir + " was initialised with another genesis"
                            + " (stored genesis sha256 " + Hex.encode(Sha256.hash(stored)) + ", given "
                            + Hex.encode(Sha256.hash(encoded)) + "); use a fresh data directory");
                }
                if (meta.get(txn, META_RESTORING.duplicate()) != null) {
                    throw new IllegalStateException("the ledger at " + dir + " holds an unfinished state-sync restore;"
                            + " delete the data directory and start again");
                }
                putBytes(txn, meta, META_GENESIS.duplicate(), encoded);
                putMessage(txn, meta, META_VALIDATORS.duplicate(), g.validators());
                putLong(txn, META_HEIGHT, 0);
                putBytes(txn, meta, META_APP_HASH.duplicate(), g.appHash());
                putBytes(txn, meta, META_LAST_BLOCK_ID.duplicate(), new byte[0]);
                putLong(txn, META_LAST_BLOCK_TIME, g.genesis().getGenesisTimeMs());
                putLong(txn, META_TOTAL_BURNED, 0);
                putLong(txn, META_SUPPLY, g.supply());
                putAccounts(txn, g.accounts());
                txn.commit();
                return true;
            }
        }
    }

    /**
     * Persists one applied block and all its effects atomically.
     *
     * @throws IllegalStateException when the block does not extend the stored chain (wrong height or
     *         parent app hash): a second writer or a caller bug, never user input
     */
    public void writeBlock(BlockWrite w) {
        long height = w.height();
        Block block = w.block();
        synchronized (writeLock) {
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                ByteBuffer h = meta.get(txn, META_HEIGHT.duplicate());
                long current = h == null ? -1 : h.getLong(0);
                if (current != height - 1) {
                    throw new IllegalStateException("block " + height + " does not follow stored height " + current);
                }
                ByteBuffer parentApp = meta.get(txn, META_APP_HASH.duplicate());
                byte[] parent = new byte[parentApp.remaining()];
                parentApp.get(parent);
                if (!Arrays.equals(parent, block.getHeader().getAppHash().toByteArray())) {
                    throw new IllegalStateException("block " + height + " was executed against another state");
                }
                // The block record without its txs: they are stored once, by position, below.
                putMessage(txn, blocks, StoreKeys.height(writeKey, height), block.toBuilder().clearTxs().build());
                putBytes(txn, blockIds, StoreKeys.bytes(writeKey, w.blockId()), longBytes(height));
                putMessage(txn, commits, StoreKeys.height(writeKey, height), w.commit());
                List<Tx> blockTxs = block.getTxsList();
                for (int i = 0; i < blockTxs.size(); i++) {
                    // Positions grow with height, so every put appends at the end of the B-tree.
                    if (w.encodedTxs() != null) {
                        putBytes(txn, txs, StoreKeys.location(writeKey, height, i), w.encodedTxs().get(i), PutFlags.MDB_APPEND);
                    } else {
                        putMessage(txn, txs, StoreKeys.location(writeKey, height, i), blockTxs.get(i), PutFlags.MDB_APPEND);
                    }
                    // Before the commit, so a reader of the committed block finds every tx; an entry of a
                    // write that fails is never confirmed by a lookup (TxHashIndex).
                    txHashes.add(w.txHashes().get(i), height, i);
                }
                // Wish text is not stored twice: it is in the tx at the same position (see StoreSnapshot).
                for (WishRecord r : w.updatedWishes()) {
                    putMessage(txn, wishes, StoreKeys.location(writeKey, r.getHeight(), r.getIndex()), withoutText(r));
                }
                for (WishRecord r : w.newWishes()) {
                    putMessage(txn, wishes, StoreKeys.location(writeKey, r.getHeight(), r.getIndex()), withoutText(r),
                            PutFlags.MDB_APPEND);
                }
                putAccounts(txn, w.accounts());
                if (w.anon() != null) {
                    anon.write(txn, w.anon());
                }
                putLong(txn, META_HEIGHT, height);
                putBytes(txn, meta, META_APP_HASH.duplicate(), w.appHash());
                putBytes(txn, meta, META_LAST_BLOCK_ID.duplicate(), w.blockId());
                putLong(txn, META_LAST_BLOCK_TIME, block.getHeader().getTimeMs());
                putLong(txn, META_TOTAL_BURNED, w.totalBurned());
                txn.commit();
            }
            txHashes.committed(height);
        }
    }

    /** The height of an unfinished state-sync restore, if one was started and not finished. */
    public java.util.OptionalLong restoringSnapshot() {
        return read(s -> {
            ByteBuffer v = meta.get(s.txn(), META_RESTORING.duplicate());
            return v == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(v.getLong(0));
        });
    }

    void restoreBegin(long height) {
        synchronized (writeLock) {
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                putLong(txn, META_RESTORING, height);
                txn.commit();
            }
        }
    }

    /** Writes one verified snapshot chunk (SnapshotRestore checked order, so every put appends). */
    void restoreChunk(SnapshotChunk c) {
        synchronized (writeLock) {
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                for (SnapshotAccount a : c.getAccountsList()) {
                    AccountCodec.encode(accounts.reserve(txn, StoreKeys.bytes(writeKey, a.getAddress().toByteArray()),
                            AccountCodec.LENGTH, PutFlags.MDB_APPEND), Account.newBuilder().setBalance(a.getBalance())
                            .setNonce(a.getNonce()).build());
                }
                for (SnapshotWish w : c.getWishesList()) {
                    WishRecord r = w.getRecord();
                    putBytes(txn, txs, StoreKeys.location(writeKey, r.getHeight(), r.getIndex()), w.getTx().toByteArray(),
                            PutFlags.MDB_APPEND);
                    putMessage(txn, wishes, StoreKeys.location(writeKey, r.getHeight(), r.getIndex()), r, PutFlags.MDB_APPEND);
                    txHashes.add(r.getId().toByteArray(), r.getHeight(), r.getIndex());
                }
                txn.commit();
            }
        }
    }

    /** Ends a restore: the store becomes a normal store at the snapshot's height. */
    void restoreFinish(SnapshotManifest m) {
        synchronized (writeLock) {
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                putBytes(txn, meta, META_GENESIS.duplicate(), m.getGenesis().toByteArray());
                putMessage(txn, meta, META_VALIDATORS.duplicate(), m.getValidators());
                putLong(txn, META_HEIGHT, m.getHeight());
                putBytes(txn, meta, META_APP_HASH.duplicate(), m.getAppHash().toByteArray());
                putBytes(txn, meta, META_LAST_BLOCK_ID.duplicate(), m.getLastBlockId().toByteArray());
                putLong(txn, META_LAST_BLOCK_TIME, m.getLastBlockTimeMs());
                putLong(txn, META_TOTAL_BURNED, m.getTotalBurned());
                putLong(txn, META_SUPPLY, m.getSupply());
                meta.delete(txn, META_RESTORING.duplicate());
                txn.commit();
            }
            txHashes.checkpointNow(m.getHeight());
        }
    }

    /** Stores evidence of equivocation (not part of blocks); duplicates are stored once. */
    public void addEvidence(DuplicateVoteEvidence e) {
        byte[] encoded = e.toByteArray();
        synchronized (writeLock) {
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                writeKey.clear();
                writeKey.putLong(e.getDetectedAtHeight()).put(Sha256.hash(encoded)).flip();
                putBytes(txn, evidence, writeKey, encoded);
                txn.commit();
            }
        }
    }

    private static WishRecord withoutText(WishRecord r) {
        return r.hasWish() ? r.toBuilder().clearWish().build() : r;
    }

    ByteBuffer scratchKey() {
        return scratchKey.get();
    }

    private void putAccounts(Txn<ByteBuffer> txn, Map<ByteKey, Account> changed) {
        for (Map.Entry<ByteKey, Account> e : changed.entrySet()) {
            ByteBuffer dst = accounts.reserve(txn, StoreKeys.bytes(writeKey, e.getKey().unsafeBytes()),
                    AccountCodec.LENGTH);
            AccountCodec.encode(dst, e.getValue());
        }
    }

    private void putLong(Txn<ByteBuffer> txn, ByteBuffer key, long value) {
        meta.reserve(txn, key.duplicate(), 8).putLong(0, value);
    }

    private static void putBytes(Txn<ByteBuffer> txn, Dbi<ByteBuffer> db, ByteBuffer key, byte[] value,
            PutFlags... flags) {
        if (value.length == 0) {
            db.put(txn, key, ByteBuffer.allocateDirect(0), flags);
            return;
        }
        db.reserve(txn, key, value.length, flags).put(0, value);
    }

    /** Serialises straight into the page LMDB reserved for the value: no intermediate byte[]. */
    private static void putMessage(Txn<ByteBuffer> txn, Dbi<ByteBuffer> db, ByteBuffer key, MessageLite m,
            PutFlags... flags) {
        int size = m.getSerializedSize();
        if (size == 0) {
            db.put(txn, key, ByteBuffer.allocateDirect(0), flags);
            return;
        }
        ByteBuffer dst = db.reserve(txn, key, size, flags);
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(dst);
            m.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static ByteBuffer metaKey(String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocateDirect(b.length);
        buf.put(b).flip();
        return buf.asReadOnlyBuffer();
    }

    @Override
    public void close() {
        synchronized (writeLock) {
            try {
                if (txHashes != null) {
                    txHashes.close();
                }
            } finally {
                env.close();
            }
        }
    }
}
