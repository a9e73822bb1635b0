package org.wishledger.rules;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.anon.Ring;
import org.wishledger.ledger.anon.TriptychBatch;
import org.wishledger.ledger.anon.TriptychGenerators;
import org.wishledger.ledger.anon.TriptychParams;
import org.wishledger.ledger.anon.TriptychStatement;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.crypto.ristretto.Ristretto255;
import org.wishledger.ledger.proto.AnonBucket;
import org.wishledger.ledger.proto.AnonNote;

/**
 * Verifies the Triptych proofs of anonymous spends, once. Two caches make that cheap: decoded rings per
 * sealed bucket (a sealed bucket never changes) and verdicts per (tx hash, bucket hash): the tx hash
 * fixes the body and the proof, the bucket hash the ring, so a verdict never goes stale. Admission verifies a
 * spend; block validation finds its verdict here; a block's unseen spends are verified as one batch.
 * Thread-safe.
 */
final class AnonProofs {
    static final TriptychGenerators GENERATORS = new TriptychGenerators(TriptychParams.LEDGER);
    private static final int MAX_RINGS = 256;
    private static final int MAX_VERDICTS = 200_000;
    private static final int BATCH = 64;
    private static final ThreadLocal<TriptychBatch> BATCHES =
            ThreadLocal.withInitial(() -> new TriptychBatch(GENERATORS, BATCH));
    private static final ThreadLocal<Ristretto255> GROUP = ThreadLocal.withInitial(Ristretto255::new);

    /** Keyed by bucket hash, which commits to denomination, id and every key. */
    private final Map<ByteKey, Ring> rings = new ConcurrentHashMap<>();
    private final Map<ByteKey, Boolean> verdicts = new ConcurrentHashMap<>();

    /** Whether the spend's proof is valid over its (sealed) bucket. */
    boolean verify(CheckedTx c, AnonBucket bucket) {
        Boolean known = verdicts.get(verdictKey(c, bucket));
        if (known != null) {
            return known;
        }
        verifyAll(List.of(c), List.of(bucket));
        return verdicts.get(verdictKey(c, bucket));
    }

    /** Verifies spends in batches (the buckets' MSMs shared within a batch) and remembers each verdict. */
    void verifyAll(List<CheckedTx> spends, List<AnonBucket> buckets) {
        TriptychBatch batch = BATCHES.get();
        boolean[] valid = new boolean[BATCH];
        for (int from = 0; from < spends.size(); from += BATCH) {
            int to = Math.min(spends.size(), from + BATCH);
            batch.clear();
            for (int i = from; i < to; i++) {
                batch.add(statement(spends.get(i), buckets.get(i)), spends.get(i).tx().getSignature().toByteArray());
            }
            batch.verifyEach(valid);
            if (verdicts.size() > MAX_VERDICTS) {
                verdicts.clear(); // simple bound; a cleared verdict is only recomputed
            }
            for (int i = from; i < to; i++) {
                verdicts.put(verdictKey(spends.get(i), buckets.get(i)), valid[i - from]);
            }
            batch.clear();
        }
    }

    boolean known(CheckedTx c, AnonBucket bucket) {
        return verdicts.containsKey(verdictKey(c, bucket));
    }

    private static ByteKey verdictKey(CheckedTx c, AnonBucket bucket) {
        return ByteKey.wrap(Sha256.hash((byte) 0x01, c.hash(), bucket.getHash().toByteArray()));
    }

    private TriptychStatement statement(CheckedTx c, AnonBucket bucket) {
        AnonNote note = c.anonNote();
        return new TriptychStatement(c.body().getChainId(), ring(bucket), note.getTag().toByteArray(),
                Sha256.hash(c.tx().getBodyBytes().toByteArray()));
    }

    private Ring ring(AnonBucket bucket) {
        ByteKey key = ByteKey.copyOf(bucket.getHash().toByteArray());
        Ring r = rings.get(key);
        if (r == null) {
            r = Ring.of(bucket.getDenom(), bucket.getBucketId(), bucket.getKeys().toByteArray(), GROUP.get());
            if (rings.size() >= MAX_RINGS) {
                rings.clear();
            }
            rings.put(key, r);
        }
        return r;
    }

    static long bucketKey(int denom, long bucketId) {
        return ((long) denom << 48) | bucketId;
    }

    /** Whether 32 bytes are a canonical ristretto255 encoding of a non-identity element. */
    static boolean validPoint(byte[] encoded) {
        if (encoded.length != 32) {
            return false;
        }
        Ristretto255 group = GROUP.get();
        org.wishledger.ledger.crypto.EdwardsPoint p = new org.wishledger.ledger.crypto.EdwardsPoint();
        return group.decode(encoded, 0, p) && !group.isIdentity(p);
    }
}
