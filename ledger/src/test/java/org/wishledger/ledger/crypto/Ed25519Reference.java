package org.wishledger.ledger.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Plain, slow reference computations the batch-verification tests check against or build crafted
 * signatures with: RFC 8032's challenge and secret scalar, and scalar multiplication by double-and-add.
 */
final class Ed25519Reference {
    private Ed25519Reference() {
    }

    /** k = SHA-512(R || A || M) mod L (RFC 8032 5.1.7). */
    static BigInteger challenge(byte[] r, byte[] a, byte[] msg) {
        MessageDigest sha = sha512();
        sha.update(r);
        sha.update(a);
        sha.update(msg);
        return ScalarModL.fromLittleEndian(sha.digest(), 0, 64).mod(ScalarModL.L);
    }

    /** RFC 8032 5.1.5: the clamped first half of SHA-512(seed). */
    static BigInteger secretScalar(byte[] seed) {
        byte[] h = sha512().digest(seed);
        h[0] &= (byte) 248;
        h[31] &= 127;
        h[31] |= 64;
        return ScalarModL.fromLittleEndian(h, 0, 32);
    }

    /** [k]P by plain double-and-add (any k >= 0, not reduced: P may have a small-order component). */
    static EdwardsPoint times(EdwardsArithmetic ops, BigInteger k, EdwardsPoint p) {
        EdwardsPoint acc = new EdwardsPoint().setIdentity();
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            ops.dbl(acc, acc);
            if (k.testBit(i)) {
                ops.add(acc, p, acc);
            }
        }
        return acc;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
