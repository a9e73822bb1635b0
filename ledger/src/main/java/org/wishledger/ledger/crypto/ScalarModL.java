package org.wishledger.ledger.crypto;

import java.math.BigInteger;

/**
 * Scalars of edwards25519: integers modulo the prime group order L = 2^252 + 27742317777372353535851937790883648493,
 * read and written little-endian as RFC 8032 does. BigInteger is plenty here: a batch does a handful of
 * scalar operations per signature next to thousands of field multiplications.
 */
public final class ScalarModL {
    public static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    private ScalarModL() {
    }

    public static BigInteger fromLittleEndian(byte[] bytes, int off, int len) {
        byte[] be = new byte[len];
        for (int i = 0; i < len; i++) {
            be[i] = bytes[off + len - 1 - i];
        }
        return new BigInteger(1, be);
    }

    /** {@code value} (non-negative, below 2^(8 len)) as {@code len} little-endian bytes. */
    public static byte[] toLittleEndian(BigInteger value, int len) {
        byte[] be = value.toByteArray(); // big-endian, maybe with a leading sign byte
        byte[] le = new byte[len];
        for (int i = 0; i < be.length && i < len; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    /** {@code value} (non-negative, below 2^256) into eight little-endian 32-bit words. */
    public static void toWords(BigInteger value, int[] words) {
        for (int i = 0; i < 8; i++) {
            words[i] = value.shiftRight(32 * i).intValue();
        }
    }
}
