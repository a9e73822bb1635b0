package org.wishledger.ledger.store;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.Cursor;
import org.wishledger.ledger.proto.SnapshotAccount;
import org.wishledger.ledger.proto.SnapshotChunk;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.proto.SnapshotWish;
import org.wishledger.ledger.proto.WishRecord;

/**
 * Writes the state of one LMDB read snapshot as a state-sync snapshot: {@code <dir>/<height>/manifest.pb}
 * and {@code chunk-NNNNNN.pb}, built in a temporary folder and renamed into place, so a snapshot folder
 * either is complete or does not exist. Reads one read transaction from start to end (the writer keeps
 * committing blocks meanwhile). O(accounts + wishes) reads and leaf hashes; for the node's background
 * snapshot thread, never the consensus thread.
 */
public final class StateSnapshotWriter {
    public static final int FORMAT = 1;
    /** ~1 MiB chunks with ~450-byte wish txs; small enough for one p2p frame. */
    public static final int RECORDS_PER_CHUNK = 2048;
    static final String MANIFEST = "manifest.pb";

    private StateSnapshotWriter() {
    }

    static String chunkName(int index) {
        return String.format("chunk-%06d.pb", index);
    }

    /** Writes the snapshot of {@code s} under {@code dir}; returns its manifest. */
    public static SnapshotManifest write(StoreSnapshot s, Path dir) {
        return write(s, dir, RECORDS_PER_CHUNK);
    }

    static SnapshotManifest write(StoreSnapshot s, Path dir, int recordsPerChunk) {
        long height = s.height();
        if (s.hasAnonymousState()) {
            // Format 1 carries accounts and signed wishes only. A node restored from it would miss the
            // buckets, note keys, spent tags and escrow, accept a double spend and leave consensus; so
            // no snapshot is written once a note exists (earlier snapshots stay valid: restoring one
            // replays the deposits by block sync). See docs/privacy.md.
            throw new AnonymousStateNotCarried(height);
        }
        Path finalDir = dir.resolve(Long.toString(height));
        Path tmp = dir.resolve(height + ".tmp");
        try {
            Files.createDirectories(dir);
            SnapshotFiles.deleteTree(tmp);
            Files.createDirectories(tmp);
            ChunkSink sink = new ChunkSink(tmp, height, recordsPerChunk);
            LedgerStore store = s.store();
            long accounts = 0;
            try (Cursor<ByteBuffer> c = store.accounts.openCursor(s.txn())) {
                for (boolean ok = c.first(); ok; ok = c.next()) {
                    ByteBuffer v = c.val();
                    sink.add(SnapshotAccount.newBuilder().setAddress(ByteString.copyFrom(c.key().duplicate()))
                            .setBalance(v.getLong(v.position())).setNonce(v.getLong(v.position() + 8)).build());
                    accounts++;
                }
            }
            long wishes = 0;
            try (Cursor<ByteBuffer> c = store.wishes.openCursor(s.txn())) {
                for (boolean ok = c.first(); ok; ok = c.next()) {
                    WishRecord r = StoreSnapshot.parse(c.val(), WishRecord.parser());
                    ByteBuffer tx = store.txs.get(s.txn(), StoreKeys.location(store.scratchKey(), r.getHeight(), r.getIndex()));
                    if (tx == null) {
                        throw new IllegalStateException("corrupt ledger store: wish at " + r.getHeight() + "/" + r.getIndex()
                                + " has no tx");
                    }
                    sink.add(SnapshotWish.newBuilder().setRecord(r).setTx(ByteString.copyFrom(tx)).build());
                    wishes++;
                }
            }
            sink.flush();
            SnapshotManifest.Builder m = SnapshotManifest.newBuilder().setFormat(FORMAT).setHeight(height)
                    .setAppHash(ByteString.copyFrom(s.appHash())).setLastBlockId(ByteString.copyFrom(s.lastBlockId()))
                    .setLastBlockTimeMs(s.lastBlockTimeMs()).setSupply(s.supply()).setTotalBurned(s.totalBurned())
                    .setGenesis(s.genesis().orElseThrow(() -> new IllegalStateException("no genesis to snapshot")).toByteString())
                    .setValidators(s.validators()).setRecordsPerChunk(recordsPerChunk)
                    .setAccounts(accounts).setWishes(wishes).addAllChunkRoots(sink.roots);
            m.setStateRoot(ByteString.copyFrom(SnapshotVerifier.stateRoot(m.build())));
            SnapshotManifest manifest = m.build();
            SnapshotFiles.writeDurably(tmp.resolve(MANIFEST), manifest.toByteArray());
            SnapshotFiles.deleteTree(finalDir);
            Files.move(tmp, finalDir, StandardCopyOption.ATOMIC_MOVE);
            SnapshotFiles.forceDirectory(dir);
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state snapshot at height " + height + " in " + dir, e);
        }
    }

    /** The store has anonymous-note state, which snapshot format {@value #FORMAT} does not carry. */
    public static final class AnonymousStateNotCarried extends IllegalStateException {
        AnonymousStateNotCarried(long height) {
            super("no state snapshot at height " + height + ": the chain has anonymous notes (docs/privacy.md), which "
                    + "snapshot format " + FORMAT + " does not carry; nodes joining later must sync by blocks from the "
                    + "last snapshot taken before the first note deposit, or from genesis");
        }
    }

    /** Groups records into chunks of a fixed count, writes each, and keeps each chunk's root. */
    private static final class ChunkSink {
        private final Path dir;
        private final long height;
        private final int perChunk;
        private final List<ByteString> roots = new ArrayList<>();
        private SnapshotChunk.Builder chunk;
        private int records;

        ChunkSink(Path dir, long height, int perChunk) {
            this.dir = dir;
            this.height = height;
            this.perChunk = perChunk;
        }

        void add(SnapshotAccount a) throws IOException {
            open().addAccounts(a);
            added();
        }

        void add(SnapshotWish w) throws IOException {
            open().addWishes(w);
            added();
        }

        private SnapshotChunk.Builder open() {
            if (chunk == null) {
                chunk = SnapshotChunk.newBuilder().setHeight(height).setIndex(roots.size());
            }
            return chunk;
        }

        private void added() throws IOException {
            if (++records == perChunk) {
                flush();
            }
        }

        void flush() throws IOException {
            if (chunk == null) {
                return;
            }
            SnapshotChunk c = chunk.build();
            try {
                roots.add(ByteString.copyFrom(SnapshotVerifier.chunkRoot(c)));
            } catch (org.wishledger.ledger.error.Rejection e) {
                throw new IllegalStateException("the store holds a record a snapshot cannot carry: " + e.getMessage(), e);
            }
            SnapshotFiles.writeDurably(dir.resolve(chunkName(c.getIndex())), c.toByteArray());
            chunk = null;
            records = 0;
        }
    }
}
