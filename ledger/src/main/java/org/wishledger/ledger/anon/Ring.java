package org.wishledger.ledger.anon;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.wishledger.ledger.crypto.EdwardsPoint;
import org.wishledger.ledger.crypto.ristretto.Ristretto255;

/**
 * A sealed bucket as a Triptych ring: its N note keys (deposit order, empty slots filled by
 * {@link BucketFiller}), decoded once, and the bucket hash that every proof over it commits to.
 *
 * <p>Decoding 1,024 keys costs about as much as verifying a proof, so a verifier keeps one Ring per
 * sealed bucket (a sealed bucket never changes) instead of decoding per proof.
 * Immutable; the points are only read, so one instance may be shared by threads.
 */
public final class Ring {
    static final String HASH_DOMAIN = "wishledger/anon/bucket/v1";

    private final int denom;
    private final long bucketId;
    private final byte[] keys;
    private final EdwardsPoint[] points;
    private final byte[] hash;

    private Ring(int denom, long bucketId, byte[] keys, EdwardsPoint[] points) {
        this.denom = denom;
        this.bucketId = bucketId;
        this.keys = keys;
        this.points = points;
        this.hash = hashOf(denom, bucketId, keys);
    }

    /**
     * Decodes a bucket's keys ({@code keys.length} = 32 N, concatenated encodings).
     *
     * @throws IllegalArgumentException when a key is not a canonical, non-identity ristretto255 encoding
     *     (deposits are checked on admission, so a stored bucket never has one)
     */
    public static Ring of(int denom, long bucketId, byte[] keys, Ristretto255 group) {
        if (keys.length == 0 || keys.length % 32 != 0) {
            throw new IllegalArgumentException("keys must be a non-empty list of 32-byte encodings");
        }
        EdwardsPoint[] points = new EdwardsPoint[keys.length / 32];
        for (int k = 0; k < points.length; k++) {
            points[k] = new EdwardsPoint();
            if (!group.decode(keys, 32 * k, points[k]) || group.isIdentity(points[k])) {
                throw new IllegalArgumentException("ring member " + k + " is not a valid note key");
            }
        }
        return new Ring(denom, bucketId, keys.clone(), points);
    }

    /** SHA-256 over the domain tag, denomination, bucket id and every key in order. */
    public static byte[] hashOf(int denom, long bucketId, byte[] keys) {
        MessageDigest sha = org.wishledger.ledger.crypto.Sha256.newDigest();
        sha.update(HASH_DOMAIN.getBytes(StandardCharsets.US_ASCII));
        sha.update(ByteBuffer.allocate(12).putInt(denom).putLong(bucketId).array());
        sha.update(keys);
        return sha.digest();
    }

    public int denom() {
        return denom;
    }

    public long bucketId() {
        return bucketId;
    }

    public int size() {
        return points.length;
    }

    public byte[] hash() {
        return hash.clone();
    }

    byte[] hashUnsafe() {
        return hash;
    }

    /** Key k's encoding. */
    public byte[] key(int k) {
        return Arrays.copyOfRange(keys, 32 * k, 32 * k + 32);
    }

    EdwardsPoint point(int k) {
        return points[k];
    }

    EdwardsPoint[] points() {
        return points;
    }
}
