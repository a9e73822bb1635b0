package org.wishledger.ledger.store;

import org.wishledger.ledger.proto.AnonBucket;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import org.lmdbjava.Txn;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.DuplicateVoteEvidence;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.TxLocation;
import org.wishledger.ledger.proto.ValidatorSet;
import org.wishledger.ledger.proto.WishRecord;

/**
 * A consistent, read-only view of the store at one block boundary: an LMDB read transaction. It never
 * blocks the writer and never sees half a block. Keep it short-lived (an open read transaction pins
 * the pages it sees, so the file cannot reuse them) and close it on the thread that uses it.
 */
public final class StoreSnapshot implements AutoCloseable {
    private final LedgerStore store;
    private final Txn<ByteBuffer> txn;

    StoreSnapshot(LedgerStore store, Txn<ByteBuffer> txn) {
        this.store = store;
        this.txn = txn;
    }

    Txn<ByteBuffer> txn() {
        return txn;
    }

    LedgerStore store() {
        return store;
    }

    /** Height of the last applied block; 0 at genesis and before the store is initialised. */
    public long height() {
        ByteBuffer v = store.meta.get(txn, LedgerStore.META_HEIGHT.duplicate());
        return v == null ? 0 : v.getLong(0);
    }

    /** State commitment after the last applied block; empty before the store is initialised. */
    public byte[] appHash() {
        return metaBytes(LedgerStore.META_APP_HASH);
    }

    /** Id of the last applied block; empty at height 0. */
    public byte[] lastBlockId() {
        return metaBytes(LedgerStore.META_LAST_BLOCK_ID);
    }

    /** Time of the last applied block, or the genesis time at height 0. */
    public long lastBlockTimeMs() {
        return metaLong(LedgerStore.META_LAST_BLOCK_TIME);
    }

    public long totalBurned() {
        return metaLong(LedgerStore.META_TOTAL_BURNED);
    }

    public long supply() {
        return metaLong(LedgerStore.META_SUPPLY);
    }

    public Optional<Genesis> genesis() {
        ByteBuffer v = store.meta.get(txn, LedgerStore.META_GENESIS.duplicate());
        return v == null ? Optional.empty() : Optional.of(parse(v, Genesis.parser()));
    }

    /** The validator set; empty before the store is initialised. */
    public ValidatorSet validators() {
        ByteBuffer v = store.meta.get(txn, LedgerStore.META_VALIDATORS.duplicate());
        return v == null ? ValidatorSet.getDefaultInstance() : parse(v, ValidatorSet.parser());
    }

    public Optional<Account> account(byte[] address) {
        ByteBuffer v = store.accounts.get(txn, StoreKeys.bytes(store.scratchKey(), address));
        return v == null ? Optional.empty() : Optional.of(AccountCodec.decode(v));
    }

    /** Calls the consumer for every account in address order (audits and tests; O(accounts)). */
    public void forEachAccount(BiConsumer<byte[], Account> consumer) {
        try (Cursor<ByteBuffer> c = store.accounts.openCursor(txn)) {
            for (boolean ok = c.first(); ok; ok = c.next()) {
                byte[] address = new byte[c.key().remaining()];
                c.key().duplicate().get(address);
                consumer.accept(address, AccountCodec.decode(c.val()));
            }
        }
    }

    public Optional<TxLocation> txLocation(byte[] txHash) {
        if (txHash.length != Sha256.LENGTH) {
            return Optional.empty();
        }
        long p = store.txHashes.find(txHash, packed -> holdsTx(packed, txHash));
        if (p == 0) {
            return Optional.empty();
        }
        return Optional.of(TxLocation.newBuilder().setHeight(TxHashIndex.height(p)).setIndex(TxHashIndex.index(p)).build());
    }

    /**
     * Confirms a candidate of the hash index: this snapshot holds a tx at the position and it has this
     * hash (so fingerprint collisions and entries of blocks this snapshot does not hold answer no).
     */
    private boolean holdsTx(long packed, byte[] txHash) {
        ByteBuffer v = store.txs.get(txn,
                StoreKeys.location(store.scratchKey(), TxHashIndex.height(packed), TxHashIndex.index(packed)));
        return v != null && Arrays.equals(Sha256.hash(v), txHash);
    }

    public Optional<Tx> tx(byte[] txHash) {
        Optional<TxLocation> loc = txLocation(txHash);
        if (loc.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer v = store.txs.get(txn,
                StoreKeys.location(store.scratchKey(), loc.get().getHeight(), loc.get().getIndex()));
        return v == null ? Optional.empty() : Optional.of(parse(v, Tx.parser()));
    }

    /** The wish whose id (= the hash of the tx that created it, or for an anonymous wish its body's hash) is given. */
    public Optional<WishRecord> wish(byte[] id) {
        Optional<TxLocation> loc = wishLocation(id);
        if (loc.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer v = store.wishes.get(txn,
                StoreKeys.location(store.scratchKey(), loc.get().getHeight(), loc.get().getIndex()));
        return v == null ? Optional.empty() : Optional.of(withContent(parse(v, WishRecord.parser())));
    }

    /**
     * The wishes db stores a record without the wish's text (it is already in the tx that created it, so
     * storing it twice would double the bytes every block writes); reads put the text back from the tx.
     */
    private WishRecord withContent(WishRecord stored) {
        ByteBuffer v = store.txs.get(txn, StoreKeys.location(store.scratchKey(), stored.getHeight(), stored.getIndex()));
        if (v == null) {
            throw new IllegalStateException("corrupt ledger store: wish at " + stored.getHeight() + "/" + stored.getIndex()
                    + " has no tx");
        }
        TxBody body = parse(parse(v, Tx.parser()).getBodyBytes().asReadOnlyByteBuffer(), TxBody.parser());
        return stored.toBuilder().setWish(body.hasAnonWish() ? body.getAnonWish().getWish() : body.getWish()).build();
    }

    /** A wish id is a tx hash, except for anonymous wishes (their body's hash, kept in the anon store). */
    private Optional<TxLocation> wishLocation(byte[] id) {
        Optional<TxLocation> loc = txLocation(id);
        return loc.isPresent() ? loc : store.anon.wishLocation(txn, id);
    }

    /** The anonymous-note state at this block boundary (docs/privacy.md). */
    public Optional<AnonBucket> anonBucket(int denom, long bucketId) {
        return store.anon.bucket(txn, denom, bucketId);
    }

    /** The id the next new bucket of a denomination gets (0 before its first deposit). */
    public long anonNextBucketId(int denom) {
        return store.anon.nextBucketId(txn, denom);
    }

    /** Whether the chain has any anonymous-note state (a note was deposited at or before this height). */
    public boolean hasAnonymousState() {
        return store.anon.anyBucket(txn);
    }

    public long anonEscrow() {
        return store.anon.escrow(txn);
    }

    public boolean noteExists(byte[] noteKey) {
        return store.anon.noteExists(txn, noteKey);
    }

    public boolean tagSpent(byte[] tag) {
        return store.anon.tagSpent(txn, tag);
    }

    public boolean wishExists(byte[] id) {
        Optional<TxLocation> loc = wishLocation(id);
        return loc.isPresent() && store.wishes.get(txn,
                StoreKeys.location(store.scratchKey(), loc.get().getHeight(), loc.get().getIndex())) != null;
    }

    /** Up to {@code limit} wishes of blocks above {@code afterHeight}, in chain order (height, index). */
    public List<WishRecord> wishesAfter(long afterHeight, int limit) {
        if (afterHeight == Long.MAX_VALUE) {
            return List.of();
        }
        return wishesFrom(afterHeight + 1, 0, limit);
    }

    /**
     * Paging within a height: up to {@code limit} wishes strictly after the position (height, index),
     * e.g. the last record of the previous page.
     */
    public List<WishRecord> wishesAfter(long height, int index, int limit) {
        if (index == -1) { // (h, 0xffffffff) is the last possible position of height h
            return wishesAfter(height, limit);
        }
        return wishesFrom(height, index + 1, limit);
    }

    private List<WishRecord> wishesFrom(long height, int index, int limit) {
        List<WishRecord> out = new ArrayList<>(Math.min(Math.max(limit, 0), 1024));
        if (limit <= 0) {
            return out;
        }
        try (Cursor<ByteBuffer> c = store.wishes.openCursor(txn)) {
            boolean ok = c.get(StoreKeys.location(store.scratchKey(), height, index), GetOp.MDB_SET_RANGE);
            while (ok && out.size() < limit) {
                out.add(withContent(parse(c.val(), WishRecord.parser())));
                ok = c.next();
            }
        }
        return out;
    }

    /** Calls the consumer for every wish in chain order (audits and tests; O(wishes)). */
    public void forEachWish(Consumer<WishRecord> consumer) {
        try (Cursor<ByteBuffer> c = store.wishes.openCursor(txn)) {
            for (boolean ok = c.first(); ok; ok = c.next()) {
                consumer.accept(withContent(parse(c.val(), WishRecord.parser())));
            }
        }
    }

    /** The block at a height with its txs, or empty above the current height (and at 0). */
    public Optional<Block> block(long height) {
        ByteBuffer v = store.blocks.get(txn, StoreKeys.height(store.scratchKey(), height));
        if (v == null) {
            return Optional.empty();
        }
        Block.Builder b = parse(v, Block.parser()).toBuilder();
        try (Cursor<ByteBuffer> c = store.txs.openCursor(txn)) {
            boolean ok = c.get(StoreKeys.location(store.scratchKey(), height, 0), GetOp.MDB_SET_RANGE);
            while (ok && c.key().getLong(0) == height) {
                b.addTxs(parse(c.val(), Tx.parser()));
                ok = c.next();
            }
        }
        return Optional.of(b.build());
    }

    public Optional<Block> blockById(byte[] blockId) {
        ByteBuffer v = store.blockIds.get(txn, StoreKeys.bytes(store.scratchKey(), blockId));
        return v == null ? Optional.empty() : block(v.getLong(0));
    }

    /** The commit that decided block {@code height}. */
    public Optional<Commit> commit(long height) {
        ByteBuffer v = store.commits.get(txn, StoreKeys.height(store.scratchKey(), height));
        return v == null ? Optional.empty() : Optional.of(parse(v, Commit.parser()));
    }

    public List<DuplicateVoteEvidence> evidence() {
        List<DuplicateVoteEvidence> out = new ArrayList<>();
        try (Cursor<ByteBuffer> c = store.evidence.openCursor(txn)) {
            for (boolean ok = c.first(); ok; ok = c.next()) {
                out.add(parse(c.val(), DuplicateVoteEvidence.parser()));
            }
        }
        return out;
    }

    private byte[] metaBytes(ByteBuffer key) {
        ByteBuffer v = store.meta.get(txn, key.duplicate());
        if (v == null) {
            return new byte[0];
        }
        byte[] out = new byte[v.remaining()];
        v.get(out);
        return out;
    }

    private long metaLong(ByteBuffer key) {
        ByteBuffer v = store.meta.get(txn, key.duplicate());
        return v == null ? 0 : v.getLong(0);
    }

    static <T> T parse(ByteBuffer value, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            // Only this code writes the store, so an undecodable record is corruption, not bad input.
            throw new IllegalStateException("corrupt record in the ledger store: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        txn.close();
    }
}
