package org.wishledger.ledger.crypto.ristretto;

import java.math.BigInteger;
import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.wishledger.ledger.crypto.EdwardsArithmetic;
import org.wishledger.ledger.crypto.EdwardsPoint;
import org.wishledger.ledger.crypto.ScalarModL;

/**
 * The ristretto255 prime-order group (RFC 9496) on top of the project's edwards25519 arithmetic: an
 * element is an {@link EdwardsPoint} standing for its coset modulo the 4-torsion, so addition is
 * {@link EdwardsArithmetic#add} unchanged; only decoding (section 4.3.1), encoding (4.3.2), equality
 * (4.3.3), the identity test and the one-way map from 64 bytes (4.3.4) are new.
 *
 * <p>Why ristretto and not plain Ed25519 points: Triptych needs a group of prime order. With cofactor 8
 * a prover could add small-order components to proof points or tags (a tag J and J + T would be two
 * "different" tags for one note: a double spend). Ristretto has exactly one encoding per element.
 *
 * <p>Variable time: decoding and the map see public data only. The wallet's secret operations (scalar
 * multiples of secret scalars) go through {@link EdwardsArithmetic} too, which is also variable time;
 * that is acceptable for a wallet process that computes a proof once, not for a server holding keys.
 *
 * <p>Not thread-safe: owns scratch field elements. One instance per thread.
 */
public final class Ristretto255 {
    public static final int ENCODED_LENGTH = 32;

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    // The constants of RFC 9496 section 4.1 (as integers mod p); Ristretto255Test checks their relations.
    static final int[] SQRT_M1 = constant("19681161376707505956807079304988542015446066515923890162744021073123829784752");
    static final int[] SQRT_AD_MINUS_ONE = constant("25063068953384623474111414158702152701244531502492656460079210482610430750235");
    static final int[] INVSQRT_A_MINUS_D = constant("54469307008909316920995813868745141605393597292927456921205312896311721017578");
    static final int[] ONE_MINUS_D_SQ = constant("1159843021668779879193775521855586647937357759715417654439879720876111806838");
    static final int[] D_MINUS_ONE_SQ = constant("40440834346308536858101042469323190826248399146238708352240133220865137265952");
    /** The canonical generator's encoding (RFC 9496 appendix A.1, 1·B). */
    private static final String GENERATOR_HEX = "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76";

    private final EdwardsArithmetic ops;
    private final int[] f0 = X25519Field.create();
    private final int[] f1 = X25519Field.create();
    private final int[] f2 = X25519Field.create();
    private final int[] f3 = X25519Field.create();
    private final int[] f4 = X25519Field.create();
    private final int[] f5 = X25519Field.create();
    private final int[] f6 = X25519Field.create();
    private final int[] f7 = X25519Field.create();
    private final int[] w0 = X25519Field.create();
    private final int[] w1 = X25519Field.create();
    private final int[] w2 = X25519Field.create();
    private final int[] w3 = X25519Field.create();
    private final int[] s1 = X25519Field.create();
    private final int[] s2 = X25519Field.create();
    private final int[] s3 = X25519Field.create();
    private final int[] one = X25519Field.create();
    private final byte[] encoded = new byte[32];
    private final EdwardsPoint mapped = new EdwardsPoint();

    public Ristretto255() {
        this(new EdwardsArithmetic());
    }

    /** Shares {@code ops} (and so its thread) with a caller that also adds points. */
    public Ristretto255(EdwardsArithmetic ops) {
        this.ops = ops;
        X25519Field.one(one);
    }

    public EdwardsArithmetic arithmetic() {
        return ops;
    }

    /** A new copy of the canonical generator (the Ed25519 base point's coset). */
    public EdwardsPoint generator() {
        EdwardsPoint g = new EdwardsPoint();
        if (!decode(org.wishledger.ledger.crypto.Hex.decode(GENERATOR_HEX), 0, g)) {
            throw new AssertionError("the generator must decode");
        }
        return g;
    }

    /**
     * RFC 9496 section 4.3.1. Refuses s >= p, a negative s, a non-square, a negative t and y = 0; those
     * are all the encodings that are not the one canonical encoding of an element.
     *
     * @return false when the 32 bytes at {@code off} are not a canonical encoding; {@code r} is then garbage
     */
    public boolean decode(byte[] bytes, int off, EdwardsPoint r) {
        System.arraycopy(bytes, off, encoded, 0, 32);
        if ((encoded[31] & 0x80) != 0 || !EdwardsArithmetic.isCanonicalFieldElement(encoded)
                || (encoded[0] & 1) != 0) {
            return false; // s >= 2^255, s >= p, or s negative (odd)
        }
        int[] s = f0;
        X25519Field.decode(encoded, 0, s);
        X25519Field.sqr(s, f1);                          // ss
        X25519Field.sub(one, f1, f2);                    // u1 = 1 - ss
        X25519Field.add(one, f1, f3);                    // u2 = 1 + ss
        X25519Field.carry(f2);
        X25519Field.carry(f3);
        X25519Field.sqr(f3, f4);                         // u2^2
        X25519Field.sqr(f2, f5);
        X25519Field.mul(EdwardsArithmetic.D, f5, f5);    // D u1^2
        X25519Field.add(f5, f4, f5);
        X25519Field.carry(f5);
        X25519Field.negate(f5, f5);                      // v = -(D u1^2) - u2^2
        X25519Field.carry(f5);
        X25519Field.mul(f5, f4, f6);                     // v u2^2
        boolean wasSquare = sqrtRatioM1(one, f6, f7);    // invsqrt
        X25519Field.mul(f7, f3, w0);                     // den_x = invsqrt u2
        X25519Field.mul(f7, w0, w1);
        X25519Field.mul(w1, f5, w1);                     // den_y = invsqrt den_x v
        X25519Field.add(s, s, w2);
        X25519Field.carry(w2);
        X25519Field.mul(w2, w0, r.x);
        abs(r.x);                                        // x = |2 s den_x|
        X25519Field.mul(f2, w1, r.y);                    // y = u1 den_y
        X25519Field.one(r.z);
        X25519Field.mul(r.x, r.y, r.t);
        if (!wasSquare || isNegative(r.t)) {
            return false;
        }
        X25519Field.normalize(r.y);
        return !X25519Field.isZeroVar(r.y);
    }

    /** RFC 9496 section 4.3.2: the one canonical encoding of {@code p}'s element. */
    public byte[] encode(EdwardsPoint p) {
        byte[] out = new byte[32];
        encode(p, out, 0);
        return out;
    }

    public void encode(EdwardsPoint p, byte[] out, int off) {
        X25519Field.add(p.z, p.y, f0);
        X25519Field.sub(p.z, p.y, f1);
        X25519Field.mul(f0, f1, f2);                     // u1 = (z + y)(z - y)
        X25519Field.mul(p.x, p.y, f3);                   // u2 = x y
        X25519Field.sqr(f3, f4);
        X25519Field.mul(f2, f4, f4);                     // u1 u2^2
        sqrtRatioM1(one, f4, f5);                        // invsqrt
        X25519Field.mul(f5, f2, f6);                     // den1
        X25519Field.mul(f5, f3, f7);                     // den2
        X25519Field.mul(f6, f7, w0);
        X25519Field.mul(w0, p.t, w0);                    // z_inv = den1 den2 t
        X25519Field.mul(p.t, w0, w1);
        boolean rotate = isNegative(w1);
        int[] x = w2;
        int[] y = w3;
        int[] denInv = s1;
        if (rotate) {
            X25519Field.mul(p.y, SQRT_M1, x);            // x = i y0
            X25519Field.mul(p.x, SQRT_M1, y);            // y = i x0
            X25519Field.mul(f6, INVSQRT_A_MINUS_D, denInv);
        } else {
            X25519Field.copy(p.x, 0, x, 0);
            X25519Field.copy(p.y, 0, y, 0);
            X25519Field.copy(f7, 0, denInv, 0);
        }
        X25519Field.mul(x, w0, s2);
        if (isNegative(s2)) {
            X25519Field.negate(y, y);
        }
        X25519Field.sub(p.z, y, s3);
        X25519Field.carry(s3);
        X25519Field.mul(denInv, s3, s3);
        abs(s3);
        X25519Field.normalize(s3);
        X25519Field.encode(s3, out, off);
    }

    /** RFC 9496 section 4.3.3 (cheaper than comparing encodings). */
    public boolean equal(EdwardsPoint p, EdwardsPoint q) {
        X25519Field.mul(p.x, q.y, f0);
        X25519Field.mul(p.y, q.x, f1);
        if (fieldEqual(f0, f1)) {
            return true;
        }
        X25519Field.mul(p.y, q.y, f0);
        X25519Field.mul(p.x, q.x, f1);
        return fieldEqual(f0, f1);
    }

    /** Whether {@code p} is the group's identity: a 4-torsion point, i.e. x = 0 or y = 0. */
    public boolean isIdentity(EdwardsPoint p) {
        X25519Field.normalize(p.x);
        X25519Field.normalize(p.y);
        return X25519Field.isZeroVar(p.x) || X25519Field.isZeroVar(p.y);
    }

    /**
     * The one-way map of RFC 9496 section 4.3.4 from 64 uniformly random bytes (normally a SHA-512
     * output): MAP(first half) + MAP(second half). Nobody knows the discrete log of the result.
     */
    public void fromUniformBytes(byte[] bytes, int off, EdwardsPoint r) {
        map(bytes, off, r);
        map(bytes, off + 32, mapped);
        ops.add(r, mapped, r);
    }

    /** MAP(t) of RFC 9496 section 4.3.4 on the 32 bytes at {@code off} (top bit masked, reduced mod p). */
    private void map(byte[] bytes, int off, EdwardsPoint r) {
        int[] t = f0;
        X25519Field.decode(bytes, off, t);               // masks bit 255
        X25519Field.sqr(t, f1);
        X25519Field.mul(f1, SQRT_M1, f1);                // r = i t^2
        X25519Field.add(f1, one, f2);
        X25519Field.carry(f2);
        X25519Field.mul(f2, ONE_MINUS_D_SQ, f2);         // u = (r + 1)(1 - d^2)
        X25519Field.mul(f1, EdwardsArithmetic.D, f3);
        X25519Field.add(f3, one, f3);
        X25519Field.carry(f3);
        X25519Field.negate(f3, f3);                      // -1 - r d
        X25519Field.carry(f3);
        X25519Field.add(f1, EdwardsArithmetic.D, f4);
        X25519Field.carry(f4);
        X25519Field.mul(f3, f4, f4);                     // v = (-1 - r d)(r + d)
        int[] s = f5;
        boolean wasSquare = sqrtRatioM1(f2, f4, s);
        int[] c = f6;
        if (wasSquare) {
            X25519Field.one(c);
            X25519Field.negate(c, c);                    // c = -1
        } else {
            X25519Field.mul(s, t, s);
            abs(s);
            X25519Field.negate(s, s);                    // s' = -|s t|
            X25519Field.copy(f1, 0, c, 0);               // c = r
        }
        X25519Field.sub(f1, one, f7);
        X25519Field.carry(f7);
        X25519Field.mul(c, f7, f7);
        X25519Field.mul(f7, D_MINUS_ONE_SQ, f7);
        X25519Field.sub(f7, f4, f7);                     // N = c (r - 1)(d - 1)^2 - v
        X25519Field.carry(f7);
        X25519Field.add(s, s, w0);
        X25519Field.carry(w0);
        X25519Field.mul(w0, f4, w0);                     // w0 = 2 s v
        X25519Field.mul(f7, SQRT_AD_MINUS_ONE, w1);      // w1 = N sqrt(ad - 1)
        X25519Field.sqr(s, f3);
        X25519Field.sub(one, f3, w2);                    // w2 = 1 - s^2
        X25519Field.add(one, f3, w3);                    // w3 = 1 + s^2
        X25519Field.carry(w2);
        X25519Field.carry(w3);
        X25519Field.mul(w0, w3, r.x);
        X25519Field.mul(w2, w1, r.y);
        X25519Field.mul(w1, w3, r.z);
        X25519Field.mul(w0, w2, r.t);
    }

    /**
     * SQRT_RATIO_M1 of RFC 9496 section 4.2: r = the non-negative sqrt(u/v) when u/v is a square,
     * else sqrt(i u/v). Returns whether u/v was a square (u = 0 counts as square). r must not alias.
     */
    private boolean sqrtRatioM1(int[] u, int[] v, int[] r) {
        X25519Field.sqr(v, s1);
        X25519Field.mul(s1, v, s1);                      // v^3
        X25519Field.sqr(s1, s2);
        X25519Field.mul(s2, v, s2);                      // v^7
        X25519Field.mul(u, s2, s2);                      // u v^7
        pow22523(s2, s3);                                // (u v^7)^((p-5)/8)
        X25519Field.mul(u, s1, s1);
        X25519Field.mul(s1, s3, r);                      // r = u v^3 (u v^7)^((p-5)/8)
        X25519Field.sqr(r, s2);
        X25519Field.mul(v, s2, s2);                      // check = v r^2
        boolean correctSign = fieldEqual(s2, u);
        X25519Field.negate(u, s3);
        boolean flippedSign = fieldEqual(s2, s3);
        X25519Field.mul(s3, SQRT_M1, s3);
        boolean flippedSignI = fieldEqual(s2, s3);
        if (flippedSign || flippedSignI) {
            X25519Field.mul(r, SQRT_M1, r);
        }
        abs(r);
        return correctSign || flippedSign;
    }

    /** z^((p-5)/8) = z^(2^252 - 3), by the usual addition chain (11 multiplications, 251 squarings). */
    private void pow22523(int[] z, int[] r) {
        int[] t0 = w0;
        int[] t1 = w1;
        int[] t2 = w2;
        X25519Field.sqr(z, t0);                          // z^2
        X25519Field.sqr(t0, 2, t1);                      // z^8
        X25519Field.mul(z, t1, t1);                      // z^9
        X25519Field.mul(t0, t1, t0);                     // z^11
        X25519Field.sqr(t0, t0);                         // z^22
        X25519Field.mul(t1, t0, t0);                     // z^(2^5 - 1)
        X25519Field.sqr(t0, 5, t1);
        X25519Field.mul(t1, t0, t0);                     // z^(2^10 - 1)
        X25519Field.sqr(t0, 10, t1);
        X25519Field.mul(t1, t0, t1);                     // z^(2^20 - 1)
        X25519Field.sqr(t1, 20, t2);
        X25519Field.mul(t2, t1, t1);                     // z^(2^40 - 1)
        X25519Field.sqr(t1, 10, t1);
        X25519Field.mul(t1, t0, t0);                     // z^(2^50 - 1)
        X25519Field.sqr(t0, 50, t1);
        X25519Field.mul(t1, t0, t1);                     // z^(2^100 - 1)
        X25519Field.sqr(t1, 100, t2);
        X25519Field.mul(t2, t1, t1);                     // z^(2^200 - 1)
        X25519Field.sqr(t1, 50, t1);
        X25519Field.mul(t1, t0, t0);                     // z^(2^250 - 1)
        X25519Field.sqr(t0, 2, t0);                      // z^(2^252 - 4)
        X25519Field.mul(t0, z, r);                       // z^(2^252 - 3)
    }

    /** IS_NEGATIVE of RFC 9496: the low bit of the canonical encoding. Normalizes {@code x} in place. */
    private static boolean isNegative(int[] x) {
        X25519Field.normalize(x);
        return (x[0] & 1) != 0;
    }

    /** CT_ABS, in place (variable time). */
    private static void abs(int[] x) {
        if (isNegative(x)) {
            X25519Field.negate(x, x);
            X25519Field.normalize(x);
        }
    }

    private static boolean fieldEqual(int[] a, int[] b) {
        X25519Field.normalize(a);
        X25519Field.normalize(b);
        return X25519Field.areEqualVar(a, b);
    }

    private static int[] constant(String decimal) {
        BigInteger value = new BigInteger(decimal).mod(P);
        int[] r = X25519Field.create();
        X25519Field.decode(ScalarModL.toLittleEndian(value, 32), 0, r);
        return r;
    }
}
