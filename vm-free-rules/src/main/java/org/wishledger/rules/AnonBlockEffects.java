package org.wishledger.rules;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.wishledger.ledger.anon.BucketFiller;
import org.wishledger.ledger.anon.Ring;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.crypto.ristretto.Ristretto255;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.AnonBucket;
import org.wishledger.ledger.proto.AnonNote;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.store.AnonWrite;
import org.wishledger.ledger.store.StoreSnapshot;

/**
 * What one block does to the anonymous-note state: deposits fill the open bucket of their
 * denomination (a new one when none is open) and seal it at {@code bucketSize}; spends record their tag
 * and count against the bucket; at the end of the block, open buckets whose first deposit is
 * {@code sealAfterBlocks} old are sealed with filler keys. Tracks the escrow (deposits add their value,
 * spends remove it). Iteration orders are fixed (TreeMap by (denom, id), lists in block order), so the
 * app-hash leaves are deterministic. Owned by one TxRunner.
 */
final class AnonBlockEffects {
    private static final byte KIND_BUCKET = 0x10;
    private static final byte KIND_NOTE = 0x11;
    private static final byte KIND_TAG = 0x12;
    private static final byte KIND_ESCROW = 0x13;

    private final StoreSnapshot snapshot;
    private final AnonParams params;
    private final String chainId;
    private final long height;
    private final TreeMap<Long, AnonBucket.Builder> touched = new TreeMap<>();
    private final TreeMap<Integer, Long> nextBucketId = new TreeMap<>();
    private final Set<Long> spentFrom = new HashSet<>();
    private final List<AnonWrite.Entry> notes = new ArrayList<>();
    private final List<AnonWrite.Entry> tags = new ArrayList<>();
    private final List<AnonWrite.Entry> wishIds = new ArrayList<>();
    private long escrow;
    private boolean changed;

    AnonBlockEffects(StoreSnapshot snapshot, AnonParams params, String chainId, long height) {
        this.snapshot = snapshot;
        this.params = params;
        this.chainId = chainId;
        this.height = height;
        this.escrow = snapshot.anonEscrow();
    }

    /** The block-level limits a spend must also pass (checked before anything changes). */
    void checkSpend(CheckedTx c) throws Rejection {
        AnonNote note = c.anonNote();
        long key = AnonProofs.bucketKey(note.getDenom(), note.getBucketId());
        if (!spentFrom.contains(key) && spentFrom.size() >= params.maxBucketsPerBlock()) {
            throw new Rejection(ErrorCode.TOO_LARGE, "a block may spend from at most " + params.maxBucketsPerBlock()
                    + " distinct buckets");
        }
        if (Unsigned.lessThan(escrow, params.value(note.getDenom()))) {
            throw new Rejection(ErrorCode.INTERNAL, "the anonymous escrow cannot cover a note it holds");
        }
    }

    void spend(CheckedTx c, int index) {
        AnonNote note = c.anonNote();
        long key = AnonProofs.bucketKey(note.getDenom(), note.getBucketId());
        spentFrom.add(key);
        AnonBucket.Builder b = bucket(note.getDenom(), note.getBucketId());
        b.setSpends(b.getSpends() + 1);
        escrow -= params.value(note.getDenom());
        byte[] location = location(index);
        tags.add(new AnonWrite.Entry(note.getTag().toByteArray(), location));
        if (c.body().hasAnonWish()) {
            wishIds.add(new AnonWrite.Entry(c.wishId(), location));
        }
        changed = true;
    }

    void deposit(CheckedTx c) {
        int denom = c.body().getNoteDeposit().getDenom();
        byte[] noteKey = c.body().getNoteDeposit().getNoteKey().toByteArray();
        long next = nextBucketId.getOrDefault(denom, snapshot.anonNextBucketId(denom));
        AnonBucket.Builder b = next == 0 ? null : bucket(denom, next - 1);
        if (b == null || b.getSealedHeight() != 0) {
            b = AnonBucket.newBuilder().setDenom(denom).setBucketId(next).setOpenedHeight(height);
            touched.put(AnonProofs.bucketKey(denom, next), b);
            nextBucketId.put(denom, next + 1);
        }
        int slot = b.getDeposits();
        b.setKeys(b.getKeys().concat(ByteString.copyFrom(noteKey)));
        b.setDeposits(slot + 1);
        if (!containsDepositor(b.getDepositors(), c.sender())) {
            b.setDepositors(b.getDepositors().concat(ByteString.copyFrom(c.sender())));
            b.setDistinctDepositors(b.getDistinctDepositors() + 1);
        }
        if (b.getDeposits() == params.bucketSize()) {
            seal(b);
        }
        notes.add(new AnonWrite.Entry(noteKey,
                ByteBuffer.allocate(16).putInt(denom).putLong(b.getBucketId()).putInt(slot).array()));
        escrow += params.value(denom);
        changed = true;
    }

    /** Seals every open bucket whose first deposit is at least sealAfterBlocks old, filling empty slots. */
    void sealDue() {
        for (int denom = params.minDenom(); denom <= params.maxDenom(); denom++) {
            long next = nextBucketId.getOrDefault(denom, snapshot.anonNextBucketId(denom));
            if (next == 0) {
                continue;
            }
            long id = next - 1;
            AnonBucket.Builder existing = touched.get(AnonProofs.bucketKey(denom, id));
            AnonBucket stored = existing == null ? snapshot.anonBucket(denom, id).orElse(null) : null;
            boolean open = existing != null ? existing.getSealedHeight() == 0 : stored != null && stored.getSealedHeight() == 0;
            long opened = existing != null ? existing.getOpenedHeight() : stored == null ? 0 : stored.getOpenedHeight();
            if (open && height - opened >= params.sealAfterBlocks()) {
                AnonBucket.Builder b = bucket(denom, id);
                Ristretto255 group = new Ristretto255();
                for (int slot = b.getDeposits(); slot < params.bucketSize(); slot++) {
                    b.setKeys(b.getKeys().concat(ByteString.copyFrom(
                            BucketFiller.fillerKey(group, chainId, denom, id, slot))));
                }
                seal(b);
                changed = true;
            }
        }
    }

    private void seal(AnonBucket.Builder b) {
        b.setSealedHeight(height);
        b.setHash(ByteString.copyFrom(Ring.hashOf(b.getDenom(), b.getBucketId(), b.getKeys().toByteArray())));
    }

    private AnonBucket.Builder bucket(int denom, long id) {
        long key = AnonProofs.bucketKey(denom, id);
        AnonBucket.Builder b = touched.get(key);
        if (b == null) {
            b = snapshot.anonBucket(denom, id).map(AnonBucket::toBuilder).orElse(null);
            if (b != null) {
                touched.put(key, b);
            }
        }
        return b;
    }

    private static boolean containsDepositor(ByteString depositors, byte[] address) {
        ByteString a = ByteString.copyFrom(address);
        for (int off = 0; off + address.length <= depositors.size(); off += address.length) {
            if (depositors.substring(off, off + address.length).equals(a)) {
                return true;
            }
        }
        return false;
    }

    private byte[] location(int index) {
        return ByteBuffer.allocate(12).putLong(height).putInt(index).array();
    }

    boolean changed() {
        return changed;
    }

    long escrow() {
        return escrow;
    }

    /**
     * App-hash leaves (empty when the block did nothing anonymous, so other blocks hash as before):
     * each touched bucket (its state and the hash of its keys), each new note key, each new tag, the escrow.
     */
    List<byte[]> appHashLeaves() {
        List<byte[]> leaves = new ArrayList<>();
        if (!changed) {
            return leaves;
        }
        for (AnonBucket.Builder b : touched.values()) {
            leaves.add(ByteBuffer.allocate(1 + 4 + 8 + 32 + 4 + 8 + 8 + 4 + 4).put(KIND_BUCKET)
                    .putInt(b.getDenom()).putLong(b.getBucketId()).put(Sha256.hash(b.getKeys().toByteArray()))
                    .putInt(b.getDeposits()).putLong(b.getOpenedHeight()).putLong(b.getSealedHeight())
                    .putInt(b.getDistinctDepositors()).putInt(b.getSpends()).array());
        }
        for (AnonWrite.Entry n : notes) {
            leaves.add(ByteBuffer.allocate(1 + 32 + 16).put(KIND_NOTE).put(n.key()).put(n.value()).array());
        }
        for (AnonWrite.Entry t : tags) {
            leaves.add(ByteBuffer.allocate(1 + 32 + 12).put(KIND_TAG).put(t.key()).put(t.value()).array());
        }
        leaves.add(ByteBuffer.allocate(1 + 8).put(KIND_ESCROW).putLong(escrow).array());
        return leaves;
    }

    /** The store write, or null when the block did nothing anonymous. */
    AnonWrite toWrite() {
        if (!changed) {
            return null;
        }
        List<AnonBucket> buckets = new ArrayList<>(touched.size());
        for (AnonBucket.Builder b : touched.values()) {
            buckets.add(b.build());
        }
        return new AnonWrite(buckets, Map.copyOf(nextBucketId), notes, tags, wishIds, escrow);
    }
}
