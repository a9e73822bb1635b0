package org.wishledger.ledger.crypto.ristretto;

import java.math.BigInteger;
import org.wishledger.ledger.crypto.ScalarModL;

/**
 * Arithmetic modulo the group order L = 2^252 + 27742317777372353535851937790883648493 on four 64-bit
 * little-endian limbs, in Montgomery form (x·2^256 mod L), allocation-free.
 *
 * <p>Why not BigInteger: a Triptych verifier evaluates a product of m factors for each of the N = 1,024
 * ring members of every proof; at ~300 ns per BigInteger multiply-and-reduce that alone would be 0.6 ms
 * per proof, more than the whole multi-scalar multiplication's share in a batch. A Montgomery product
 * (CIOS, 16 64x64-bit multiplies) costs a few tens of ns.
 *
 * <p>Values are {@code long[4]} and are always fully reduced (below L). "mont" arguments are in
 * Montgomery form; {@link #toMontgomery} and {@link #fromMontgomery} convert. Output may alias input.
 */
public final class Scalar25519 {
    public static final int LENGTH = 32;
    private static final BigInteger L = ScalarModL.L;
    private static final BigInteger R = BigInteger.ONE.shiftLeft(256);
    private static final long L0 = L.longValue();
    private static final long L1 = L.shiftRight(64).longValue();
    private static final long L2 = L.shiftRight(128).longValue();
    private static final long L3 = L.shiftRight(192).longValue();
    /** -L^-1 mod 2^64. */
    private static final long N0 = L.negate().modInverse(BigInteger.ONE.shiftLeft(64)).longValue();
    private static final long[] R2 = limbs(R.multiply(R).mod(L));
    private static final long[] ONE_PLAIN = {1, 0, 0, 0};
    public static final long[] MONT_ONE = limbs(R.mod(L));

    static {
        if (L2 != 0) {
            throw new AssertionError("the reduction below relies on L's third limb being zero");
        }
    }

    private Scalar25519() {
    }

    public static long[] create() {
        return new long[4];
    }

    /** r = a·b·2^-256 mod L (a Montgomery product: of two Montgomery-form values, the Montgomery form of their product). */
    public static void mul(long[] a, long[] b, long[] r) {
        long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
        long t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
        for (int i = 0; i < 4; i++) {
            long bi = b[i];
            long lo, hi, c;
            // t += a * bi (t stays below 2L + L·2^64 < 2^318: five limbs, no sixth)
            lo = a0 * bi;
            hi = Math.unsignedMultiplyHigh(a0, bi);
            t0 += lo;
            c = hi + carry(t0, lo);
            lo = a1 * bi;
            hi = Math.unsignedMultiplyHigh(a1, bi);
            t1 += lo;
            hi += carry(t1, lo);
            t1 += c;
            c = hi + carry(t1, c);
            lo = a2 * bi;
            hi = Math.unsignedMultiplyHigh(a2, bi);
            t2 += lo;
            hi += carry(t2, lo);
            t2 += c;
            c = hi + carry(t2, c);
            lo = a3 * bi;
            hi = Math.unsignedMultiplyHigh(a3, bi);
            t3 += lo;
            hi += carry(t3, lo);
            t3 += c;
            c = hi + carry(t3, c);
            t4 += c;
            // t = (t + m L) / 2^64 with m chosen so the low limb vanishes
            long m = t0 * N0;
            lo = m * L0;
            hi = Math.unsignedMultiplyHigh(m, L0);
            long s = t0 + lo;
            c = hi + carry(s, lo);
            lo = m * L1;
            hi = Math.unsignedMultiplyHigh(m, L1);
            s = t1 + lo;
            hi += carry(s, lo);
            s += c;
            c = hi + carry(s, c);
            t0 = s;
            s = t2 + c;              // L2 = 0
            c = carry(s, c);
            t1 = s;
            lo = m * L3;
            hi = Math.unsignedMultiplyHigh(m, L3);
            s = t3 + lo;
            hi += carry(s, lo);
            s += c;
            c = hi + carry(s, c);
            t2 = s;
            t3 = t4 + c;
            t4 = 0;
        }
        r[0] = t0;
        r[1] = t1;
        r[2] = t2;
        r[3] = t3;
        reduceOnce(r);
    }

    /** r = a + b mod L. */
    public static void add(long[] a, long[] b, long[] r) {
        long s0 = a[0] + b[0];
        long c = carry(s0, b[0]);
        long s1 = a[1] + b[1];
        long c1 = carry(s1, b[1]);
        s1 += c;
        c = c1 + carry(s1, c);
        long s2 = a[2] + b[2];
        long c2 = carry(s2, b[2]);
        s2 += c;
        c = c2 + carry(s2, c);
        long s3 = a[3] + b[3] + c; // both below 2^253: no carry out of the top limb
        r[0] = s0;
        r[1] = s1;
        r[2] = s2;
        r[3] = s3;
        reduceOnce(r);
    }

    /** r = a - b mod L. */
    public static void sub(long[] a, long[] b, long[] r) {
        long d0 = a[0] - b[0];
        long borrow = carry(a[0], b[0]);
        long d1 = a[1] - b[1];
        long b1 = carry(a[1], b[1]);
        long d1b = d1 - borrow;
        borrow = b1 + carry(d1, borrow);
        long d2 = a[2] - b[2];
        long b2 = carry(a[2], b[2]);
        long d2b = d2 - borrow;
        borrow = b2 + carry(d2, borrow);
        long d3 = a[3] - b[3] - borrow;
        r[0] = d0;
        r[1] = d1b;
        r[2] = d2b;
        r[3] = d3;
        if (d3 < 0) { // went below zero: add L back
            long s0 = r[0] + L0;
            long c = carry(s0, L0);
            long s1 = r[1] + L1;
            long c1 = carry(s1, L1);
            s1 += c;
            c = c1 + carry(s1, c);
            long s2 = r[2] + c;
            c = carry(s2, c);
            r[0] = s0;
            r[1] = s1;
            r[2] = s2;
            r[3] = r[3] + L3 + c;
        }
    }

    /** r = -a mod L. */
    public static void negate(long[] a, long[] r) {
        long[] zero = {0, 0, 0, 0};
        sub(zero, a, r);
    }

    public static void set(long[] a, long[] r) {
        System.arraycopy(a, 0, r, 0, 4);
    }

    public static boolean isZero(long[] a) {
        return (a[0] | a[1] | a[2] | a[3]) == 0;
    }

    public static boolean equal(long[] a, long[] b) {
        return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
    }

    public static void toMontgomery(long[] plain, long[] r) {
        mul(plain, R2, r);
    }

    public static void fromMontgomery(long[] mont, long[] r) {
        mul(mont, ONE_PLAIN, r);
    }

    /**
     * Reads a canonical 32-byte little-endian scalar into plain limbs.
     *
     * @return false when the value is not below L (non-canonical encodings are refused, not reduced)
     */
    public static boolean decodeCanonical(byte[] bytes, int off, long[] r) {
        for (int i = 0; i < 4; i++) {
            r[i] = littleEndianLong(bytes, off + 8 * i);
        }
        return lessThanL(r);
    }

    public static void encode(long[] plain, byte[] out, int off) {
        for (int i = 0; i < 4; i++) {
            long v = plain[i];
            for (int j = 0; j < 8; j++) {
                out[off + 8 * i + j] = (byte) (v >>> (8 * j));
            }
        }
    }

    /** Plain limbs as the eight 32-bit words {@link org.wishledger.ledger.crypto.MultiScalarMul} takes. */
    public static void toWords(long[] plain, int[] words) {
        for (int i = 0; i < 4; i++) {
            words[2 * i] = (int) plain[i];
            words[2 * i + 1] = (int) (plain[i] >>> 32);
        }
    }

    /** {@code value mod L} as plain limbs. */
    public static long[] limbs(BigInteger value) {
        BigInteger v = value.mod(L);
        return new long[] {v.longValue(), v.shiftRight(64).longValue(), v.shiftRight(128).longValue(),
                v.shiftRight(192).longValue()};
    }

    public static BigInteger toBigInteger(long[] plain) {
        BigInteger r = BigInteger.ZERO;
        for (int i = 3; i >= 0; i--) {
            r = r.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(plain[i])));
        }
        return r;
    }

    private static boolean lessThanL(long[] v) {
        if (v[3] != L3) {
            return Long.compareUnsigned(v[3], L3) < 0;
        }
        if (v[2] != L2) {
            return Long.compareUnsigned(v[2], L2) < 0;
        }
        if (v[1] != L1) {
            return Long.compareUnsigned(v[1], L1) < 0;
        }
        return Long.compareUnsigned(v[0], L0) < 0;
    }

    /** r -= L when r >= L (r below 2L). */
    private static void reduceOnce(long[] r) {
        if (lessThanL(r)) {
            return;
        }
        long d0 = r[0] - L0;
        long borrow = carry(r[0], L0);
        long d1 = r[1] - L1;
        long b1 = carry(r[1], L1);
        long d1b = d1 - borrow;
        borrow = b1 + carry(d1, borrow);
        long d2 = r[2] - borrow;
        borrow = carry(r[2], borrow);
        r[0] = d0;
        r[1] = d1b;
        r[2] = d2;
        r[3] = r[3] - L3 - borrow;
    }

    /** 1 when x < y as unsigned (the carry of y + something = x, or the borrow of x - y). */
    private static long carry(long x, long y) {
        return Long.compareUnsigned(x, y) < 0 ? 1 : 0;
    }

    private static long littleEndianLong(byte[] b, int off) {
        long v = 0;
        for (int j = 7; j >= 0; j--) {
            v = (v << 8) | (b[off + j] & 0xFFL);
        }
        return v;
    }
}
