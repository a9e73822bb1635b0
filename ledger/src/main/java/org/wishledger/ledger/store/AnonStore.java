package org.wishledger.ledger.store;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;
import org.wishledger.ledger.proto.AnonBucket;
import org.wishledger.ledger.proto.TxLocation;

/**
 * The anonymous-note state in its own LMDB databases of the ledger's environment, so it is written in
 * the same transaction as the block: buckets by (denom, bucket id), note keys (duplicates are refused
 * by the rules), spent tags, anonymous wish ids (which are not tx hashes) and the escrow total plus
 * each denomination's next bucket id.
 */
public final class AnonStore {
    private static final byte META_ESCROW = 1;
    private static final byte META_NEXT_BUCKET = 2;

    final Dbi<ByteBuffer> buckets;
    final Dbi<ByteBuffer> notes;
    final Dbi<ByteBuffer> tags;
    final Dbi<ByteBuffer> wishIds;
    final Dbi<ByteBuffer> meta;
    /** Writer-owned (used under LedgerStore's write lock). */
    private final ByteBuffer writeKey = ByteBuffer.allocateDirect(64);
    private final ThreadLocal<ByteBuffer> readKey = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(64));

    AnonStore(Env<ByteBuffer> env) {
        buckets = env.openDbi("anon_buckets", DbiFlags.MDB_CREATE);
        notes = env.openDbi("anon_notes", DbiFlags.MDB_CREATE);
        tags = env.openDbi("anon_tags", DbiFlags.MDB_CREATE);
        wishIds = env.openDbi("anon_wish_ids", DbiFlags.MDB_CREATE);
        meta = env.openDbi("anon_meta", DbiFlags.MDB_CREATE);
    }

    void write(Txn<ByteBuffer> txn, AnonWrite w) {
        for (AnonBucket b : w.buckets()) {
            put(txn, buckets, bucketKey(writeKey, b.getDenom(), b.getBucketId()), b.toByteArray());
        }
        for (Map.Entry<Integer, Long> e : w.nextBucketId().entrySet()) {
            put(txn, meta, nextKey(writeKey, e.getKey()), ByteBuffer.allocate(8).putLong(e.getValue()).array());
        }
        for (AnonWrite.Entry e : w.notes()) {
            put(txn, notes, StoreKeys.bytes(writeKey, e.key()), e.value());
        }
        for (AnonWrite.Entry e : w.tags()) {
            put(txn, tags, StoreKeys.bytes(writeKey, e.key()), e.value());
        }
        for (AnonWrite.Entry e : w.wishIds()) {
            put(txn, wishIds, StoreKeys.bytes(writeKey, e.key()), e.value());
        }
        writeKey.clear();
        writeKey.put(META_ESCROW).flip();
        put(txn, meta, writeKey, ByteBuffer.allocate(8).putLong(w.escrow()).array());
    }

    /** Whether any note was ever deposited: every deposit lands in a bucket, and buckets are never deleted. */
    boolean anyBucket(Txn<ByteBuffer> txn) {
        try (org.lmdbjava.Cursor<ByteBuffer> c = buckets.openCursor(txn)) {
            return c.first();
        }
    }

    Optional<AnonBucket> bucket(Txn<ByteBuffer> txn, int denom, long bucketId) {
        ByteBuffer v = buckets.get(txn, bucketKey(readKey.get(), denom, bucketId));
        return v == null ? Optional.empty() : Optional.of(StoreSnapshot.parse(v, AnonBucket.parser()));
    }

    long nextBucketId(Txn<ByteBuffer> txn, int denom) {
        ByteBuffer v = meta.get(txn, nextKey(readKey.get(), denom));
        return v == null ? 0 : v.getLong(0);
    }

    long escrow(Txn<ByteBuffer> txn) {
        ByteBuffer k = readKey.get();
        k.clear();
        k.put(META_ESCROW).flip();
        ByteBuffer v = meta.get(txn, k);
        return v == null ? 0 : v.getLong(0);
    }

    boolean noteExists(Txn<ByteBuffer> txn, byte[] noteKey) {
        return notes.get(txn, StoreKeys.bytes(readKey.get(), noteKey)) != null;
    }

    boolean tagSpent(Txn<ByteBuffer> txn, byte[] tag) {
        return tags.get(txn, StoreKeys.bytes(readKey.get(), tag)) != null;
    }

    Optional<TxLocation> wishLocation(Txn<ByteBuffer> txn, byte[] wishId) {
        ByteBuffer v = wishIds.get(txn, StoreKeys.bytes(readKey.get(), wishId));
        return v == null ? Optional.empty()
                : Optional.of(TxLocation.newBuilder().setHeight(v.getLong(0)).setIndex(v.getInt(8)).build());
    }

    private static ByteBuffer bucketKey(ByteBuffer dst, int denom, long bucketId) {
        dst.clear();
        dst.putInt(denom).putLong(bucketId).flip();
        return dst;
    }

    private static ByteBuffer nextKey(ByteBuffer dst, int denom) {
        dst.clear();
        dst.put(META_NEXT_BUCKET).putInt(denom).flip();
        return dst;
    }

    private static void put(Txn<ByteBuffer> txn, Dbi<ByteBuffer> db, ByteBuffer key, byte[] value) {
        if (value.length == 0) {
            db.put(txn, key, ByteBuffer.allocateDirect(0));
            return;
        }
        db.reserve(txn, key, value.length).put(0, value);
    }
}
