package org.wishledger.ledger.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * The tx hash &rarr; chain position lookup (tx hash = wish id), kept OUTSIDE LMDB on purpose.
 *
 * <p>Why: a hash key is random, so a B-tree keyed by it dirties one random leaf page per insert; once the
 * index is larger than a block's inserts every insert dirties a distinct page, and LMDB's copy-on-write
 * copies each of them (plus parents) and writes them all at the durable commit. That is what made block
 * apply grow with the chain (docs/benchmarks.md). Here the index is DERIVED data: every entry can be
 * recomputed from the txs, which LMDB stores by position (appended). So it is a memory-mapped hash table
 * that the block writer updates in memory (10,000 slot writes per block, no copy-on-write) and that is
 * made durable in the background every {@link #CHECKPOINT_BLOCKS} blocks: the OS writes each dirty page
 * once per checkpoint however many inserts hit it. After a crash the store replays the txs of the blocks
 * after the last checkpoint ({@link LedgerStore}); a lost or damaged file is rebuilt from all txs.
 *
 * <p>A slot holds the first 8 bytes of the hash (fingerprint) and the position (height &lt;&lt; 24 | index).
 * A lookup is exact: every fingerprint match is confirmed by the caller hashing the tx stored at that
 * position in ITS snapshot, so fingerprint collisions, entries of blocks its snapshot does not contain
 * yet, and entries of a write that never committed (entries are added before the LMDB commit, so that a
 * reader of the committed block always finds them) all answer "not here" and probing goes on.
 *
 * <p>Threads: one writer (the store's block writer) calls {@link #add}, {@link #committed} and
 * {@link #close}; readers call {@link #find} from any thread; one daemon thread owned by this object
 * forces the file to disk.
 */
final class TxHashIndex implements AutoCloseable {
    static final String FILE_NAME = "tx-hash-index.bin";
    private static final String GROW_FILE_NAME = "tx-hash-index.bin.grow";
    /** A stable file to lock (the index file itself is replaced when it grows). */
    static final String LOCK_FILE_NAME = "tx-hash-index.lock";
    /** Smallest table: 2^17 slots = 2 MiB of address space (sparse on disk). */
    static final long MIN_CAPACITY = 1L << 17;
    /** Blocks between background checkpoints; bounds the replay after a crash to about this many blocks. */
    static final int CHECKPOINT_BLOCKS = 64;
    /** index has 24 bits: blocks hold at most 10,000 txs (DESIGN.md). */
    static final int INDEX_BITS = 24;

    private final Path dir;
    private final FileChannel lockChannel;
    private volatile HashSlotTable table;
    private final ExecutorService flusher;
    private long committedHeight;
    private long lastCheckpointQueued;

    private TxHashIndex(Path dir, FileChannel lockChannel, HashSlotTable table) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.table = table;
        this.committedHeight = table.checkpointHeight();
        this.lastCheckpointQueued = committedHeight;
        this.flusher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tx-hash-index-flush");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the index file in {@code dir} (the caller holds {@link #lock}, which the index releases on
     * close), or creates an empty one (checkpoint 0) when it is missing or
     * unreadable; {@link #checkpointHeight()} tells the caller from which height to replay.
     */
    static TxHashIndex open(Path dir, FileChannel lock, System.Logger log) {
        Path file = dir.resolve(FILE_NAME);
        deleteIfExists(dir.resolve(GROW_FILE_NAME)); // a grow interrupted by a crash
        if (Files.exists(file)) {
            try {
                return new TxHashIndex(dir, lock, HashSlotTable.open(file));
            } catch (IllegalStateException e) {
                log.log(System.Logger.Level.WARNING, e.getMessage() + "; rebuilding it from the stored txs");
            }
        }
        return new TxHashIndex(dir, lock, HashSlotTable.create(file, MIN_CAPACITY, 0));
    }

    /** A fresh, empty index (the old file, if any, is replaced), e.g. before a migration rebuilds it. */
    static TxHashIndex recreate(Path dir, FileChannel lock) {
        return new TxHashIndex(dir, lock, HashSlotTable.create(dir.resolve(FILE_NAME), MIN_CAPACITY, 0));
    }

    /**
     * One writer per index: a second process (or a second open in this one) writing checkpoints or growing
     * the file while the first one inserts would lose entries, so it is refused with what to do.
     */
    static FileChannel lock(Path dir) {
        Path f = dir.resolve(LOCK_FILE_NAME);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (ch.tryLock() != null) {
                return ch;
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // held by this process: fall through to the refusal
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + f, e);
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // refusing anyway
        }
        throw new IllegalStateException("the ledger at " + dir + " is open in another process (or already in this one):"
                + " stop that node or tool first");
    }

    /** Every block at or below this height has all its entries durably in the file. */
    long checkpointHeight() {
        return table.checkpointHeight();
    }

    /** Lowers a checkpoint that claims heights the store does not hold (a store older than its index). */
    void clampCheckpoint(long storeHeight) {
        if (table.checkpointHeight() > storeHeight) {
            table.writeCheckpoint(storeHeight);
        }
        committedHeight = Math.min(committedHeight, storeHeight);
        lastCheckpointQueued = Math.min(lastCheckpointQueued, storeHeight);
    }

    long entries() {
        return table.count();
    }

    long capacity() {
        return table.capacity();
    }

    static long pack(long height, int index) {
        if (index < 0 || index >= 1 << INDEX_BITS || height <= 0 || height >= 1L << (63 - INDEX_BITS)) {
            throw new IllegalArgumentException("position out of range: " + height + "/" + index);
        }
        return height << INDEX_BITS | index;
    }

    static long height(long packed) {
        return packed >>> INDEX_BITS;
    }

    static int index(long packed) {
        return (int) (packed & ((1 << INDEX_BITS) - 1));
    }

    static long fingerprint(byte[] hash) {
        return ByteBuffer.wrap(hash).getLong(0);
    }

    /** Writer only. Adding an entry that is already present does nothing (replays are idempotent). */
    void add(byte[] hash, long height, int index) {
        add(fingerprint(hash), pack(height, index));
    }

    void add(long fingerprint, long packedPosition) {
        HashSlotTable t = table;
        if ((t.count() + 1) * 2 > t.capacity()) {
            t = grow(t);
        }
        t.put(fingerprint, packedPosition);
    }

    /** The packed position whose tx {@code confirm} accepts (it checks the full hash), or 0. */
    long find(byte[] hash, LongPredicate confirm) {
        return table.find(fingerprint(hash), confirm);
    }

    /**
     * Writer only, after the LMDB commit of {@code height}: every {@link #CHECKPOINT_BLOCKS} blocks a
     * background checkpoint is queued (force the file, then record the height).
     */
    void committed(long height) {
        committedHeight = height;
        if (height - lastCheckpointQueued >= CHECKPOINT_BLOCKS) {
            lastCheckpointQueued = height;
            HashSlotTable t = table;
            flusher.execute(() -> {
                // The height was captured before forcing: what the force writes is a superset of it.
                if (t == table && t.checkpointHeight() < height) {
                    t.forceAndCheckpoint(height);
                }
            });
        }
    }

    /**
     * Doubles the table: a new file with every entry, forced and then renamed over the old one. Readers
     * still probing the old table finish there (it stays mapped); the writer continues in the new one.
     * O(entries), once per doubling: about 0.1 s per million entries.
     */
    private HashSlotTable grow(HashSlotTable old) {
        Path tmp = dir.resolve(GROW_FILE_NAME);
        HashSlotTable bigger = HashSlotTable.create(tmp, old.capacity() * 2, 0);
        old.forEach(bigger::put);
        // Every committed block's entries are in `bigger` now; once forced it may claim that height.
        bigger.forceAndCheckpoint(committedHeight);
        try {
            // The mappings follow the file (same inode) through the rename.
            Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // make the rename durable
            } catch (IOException ignored) {
                // some file systems cannot fsync a directory; the rename is still atomic
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the tx hash index in " + dir, e);
        }
        table = bigger;
        flusher.execute(old::closeChannel); // after any checkpoint still queued for the old table
        return bigger;
    }

    /** Forces the whole index and records {@code height} as its checkpoint; writer only. */
    void checkpointNow(long height) {
        committedHeight = height;
        lastCheckpointQueued = height;
        table.forceAndCheckpoint(height);
    }

    /** Waits for a queued checkpoint, then writes a final one at the last committed height. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (table.checkpointHeight() < committedHeight) {
                table.forceAndCheckpoint(committedHeight);
            }
            table.closeChannel();
        } finally {
            try {
                lockChannel.close(); // releases the lock
            } catch (IOException ignored) {
                // the process is letting go of the store anyway
            }
        }
    }

    private static void deleteIfExists(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }
}
