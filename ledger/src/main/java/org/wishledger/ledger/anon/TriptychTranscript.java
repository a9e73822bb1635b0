package org.wishledger.ledger.anon;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.wishledger.ledger.crypto.ScalarModL;
import org.wishledger.ledger.crypto.ristretto.Scalar25519;

/**
 * The Fiat-Shamir challenge: SHA-512 over every public input, reduced mod L. Layout (each variable-length
 * item preceded by its length as 4 bytes big-endian, fixed-size items as-is):
 * <pre>
 *   "wishledger/triptych/v1/challenge" | n (4) | m (4) | chain id | denom (4) | bucket id (8)
 *   | bucket hash (32) | body hash (32) | tag J (32) | A | B | C | D | X_0..X_{m-1} | Y_0..Y_{m-1}
 * </pre>
 * The generators are fixed per (n, m) and so are covered by n and m; the ring by its hash.
 */
public final class TriptychTranscript {
    static final byte[] DOMAIN = "wishledger/triptych/v1/challenge".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha512;
    private final byte[] digest = new byte[64];

    public TriptychTranscript() {
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-512", e);
        }
    }

    /** The challenge xi (plain limbs, reduced mod L) for a statement and the proof's point section. */
    public long[] challenge(TriptychParams params, TriptychStatement statement, byte[] proof, long[] r) {
        sha512.reset();
        int32(DOMAIN.length);
        sha512.update(DOMAIN);
        int32(params.n());
        int32(params.m());
        byte[] chain = statement.chainId().getBytes(StandardCharsets.UTF_8);
        int32(chain.length);
        sha512.update(chain);
        int32(statement.ring().denom());
        int64(statement.ring().bucketId());
        sha512.update(statement.ring().hashUnsafe());
        sha512.update(statement.bodyHash());
        sha512.update(statement.tag());
        sha512.update(proof, 0, 32 * params.pointCount());
        try {
            sha512.digest(digest, 0, 64);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        long[] limbs = Scalar25519.limbs(ScalarModL.fromLittleEndian(digest, 0, 64));
        System.arraycopy(limbs, 0, r, 0, 4);
        return r;
    }

    private void int32(int v) {
        sha512.update((byte) (v >>> 24));
        sha512.update((byte) (v >>> 16));
        sha512.update((byte) (v >>> 8));
        sha512.update((byte) v);
    }

    private void int64(long v) {
        int32((int) (v >>> 32));
        int32((int) v);
    }
}
