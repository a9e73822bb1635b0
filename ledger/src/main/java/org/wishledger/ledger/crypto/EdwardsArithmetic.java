package org.wishledger.ledger.crypto;

import java.math.BigInteger;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Group operations on edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2) for signature verification: point
 * decoding (RFC 8032 section 5.1.3), addition, doubling, the identity test and encoding. Variable
 * time, which is fine because everything a verifier handles is public.
 *
 * <p>The formulas are the a = -1 extended-coordinate ones of Hisil et al. (add-2008-hwcd-3 and
 * dbl-2008-hwcd); the addition is complete on this curve (a is a square, d is not), so identity and
 * doubling need no special case. Carry handling follows Bouncy Castle's own Ed25519 code: a sum or
 * difference of two products may go straight into a multiplication; anything deeper is carried first.
 *
 * <p>Not thread-safe: owns its scratch field elements. One instance per thread.
 */
public final class EdwardsArithmetic {
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** d = -121665/121666 and 2d. */
    public static final int[] D = fieldConstant(BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P));
    static final int[] D2 = fieldConstant(fieldValue(D).shiftLeft(1).mod(P));
    /** The base point's encoding: y = 4/5, x even (RFC 8032 section 5.1). */
    private static final byte[] BASE_ENCODED = Hex.decode("5866666666666666666666666666666666666666666666666666666666666666");

    private final int[] a = X25519Field.create();
    private final int[] b = X25519Field.create();
    private final int[] c = X25519Field.create();
    private final int[] d = X25519Field.create();
    private final int[] e = X25519Field.create();
    private final int[] f = X25519Field.create();
    private final int[] g = X25519Field.create();
    private final int[] h = X25519Field.create();
    private final byte[] encoded = new byte[32];
    private final CachedPoint cached = new CachedPoint();

    /** A new copy of the base point B. */
    public EdwardsPoint basePoint() {
        EdwardsPoint base = new EdwardsPoint();
        if (!decode(BASE_ENCODED, 0, base)) {
            throw new AssertionError("the base point must decode");
        }
        return base;
    }

    /**
     * Decodes 32 bytes into {@code r} (Z = 1). Refuses a non-canonical y (y >= p), a y with no x on the
     * curve, and x = 0 with the sign bit set; those are exactly the encodings RFC 8032 rejects.
     *
     * @return false when the bytes are not a point; {@code r} is then garbage
     */
    public boolean decode(byte[] bytes, int off, EdwardsPoint r) {
        System.arraycopy(bytes, off, encoded, 0, 32);
        int sign = (encoded[31] & 0x80) >>> 7;
        encoded[31] &= 0x7F;
        if (!isCanonicalFieldElement(encoded)) {
            return false;
        }
        X25519Field.decode(encoded, 0, r.y);
        X25519Field.sqr(r.y, a);          // u = y^2 - 1, v = d y^2 + 1, x = sqrt(u / v)
        X25519Field.mul(D, a, b);
        X25519Field.subOne(a);
        X25519Field.addOne(b);
        if (!X25519Field.sqrtRatioVar(a, b, r.x)) {
            return false;
        }
        X25519Field.normalize(r.x);
        if (sign == 1 && X25519Field.isZeroVar(r.x)) {
            return false;
        }
        if ((r.x[0] & 1) != sign) {
            X25519Field.negate(r.x, r.x);
        }
        X25519Field.one(r.z);
        X25519Field.mul(r.x, r.y, r.t);
        return true;
    }

    /** The 32-byte encoding of {@code p} (one inversion). */
    public byte[] encode(EdwardsPoint p) {
        X25519Field.inv(p.z, a);
        X25519Field.mul(p.x, a, b);
        X25519Field.mul(p.y, a, c);
        X25519Field.normalize(b);
        X25519Field.normalize(c);
        byte[] out = new byte[32];
        X25519Field.encode(c, out, 0);
        out[31] |= (byte) ((b[0] & 1) << 7);
        return out;
    }

    public void toCached(EdwardsPoint p, CachedPoint r) {
        X25519Field.apm(p.y, p.x, r.yPlusX, r.yMinusX);
        X25519Field.add(p.z, p.z, r.z2);
        X25519Field.mul(p.t, D2, r.t2d);
    }

    /** r = p + q; r may be p. */
    public void add(EdwardsPoint p, CachedPoint q, EdwardsPoint r) {
        X25519Field.apm(p.y, p.x, b, a);
        X25519Field.mul(a, q.yMinusX, a);  // A = (Y1 - X1)(Y2 - X2)
        X25519Field.mul(b, q.yPlusX, b);   // B = (Y1 + X1)(Y2 + X2)
        X25519Field.mul(p.t, q.t2d, c);    // C = 2d T1 T2
        X25519Field.mul(p.z, q.z2, d);     // D = 2 Z1 Z2
        X25519Field.apm(b, a, h, e);       // H = B + A, E = B - A
        X25519Field.apm(d, c, g, f);       // G = D + C, F = D - C
        X25519Field.mul(e, f, r.x);
        X25519Field.mul(g, h, r.y);
        X25519Field.mul(e, h, r.t);
        X25519Field.mul(f, g, r.z);
    }

    /** r = p + q for two extended points; r may be p. */
    public void add(EdwardsPoint p, EdwardsPoint q, EdwardsPoint r) {
        toCached(q, cached);
        add(p, cached, r);
    }

    /** r = 2p; r may be p. */
    public void dbl(EdwardsPoint p, EdwardsPoint r) {
        X25519Field.add(p.x, p.y, e);
        X25519Field.sqr(p.x, a);           // A = X^2
        X25519Field.sqr(p.y, b);           // B = Y^2
        X25519Field.sqr(p.z, c);
        X25519Field.add(c, c, c);          // C = 2 Z^2
        X25519Field.apm(a, b, h, g);       // h = A + B, g = A - B
        X25519Field.sqr(e, e);
        X25519Field.sub(h, e, e);          // e = A + B - (X + Y)^2 = -E
        X25519Field.add(c, g, f);          // f = C + A - B = -F
        X25519Field.carry(f);              // two additions deep: carry before multiplying
        X25519Field.mul(f, g, r.z);        // Z3 = F G
        X25519Field.mul(f, e, r.x);        // X3 = E F
        X25519Field.mul(g, h, r.y);        // Y3 = G H
        X25519Field.mul(e, h, r.t);        // T3 = E H
    }

    /** Whether {@code p} is the neutral element (0, 1). Normalizes p's coordinates in place. */
    public boolean isIdentity(EdwardsPoint p) {
        X25519Field.normalize(p.x);
        X25519Field.normalize(p.y);
        X25519Field.normalize(p.z);
        return X25519Field.isZeroVar(p.x) && X25519Field.areEqualVar(p.y, p.z);
    }

    /** Whether the 255-bit little-endian value (top bit already cleared) is below p = 2^255 - 19. */
    public static boolean isCanonicalFieldElement(byte[] le) {
        if ((le[31] & 0xFF) != 0x7F) {
            return true;
        }
        for (int i = 30; i >= 1; i--) {
            if ((le[i] & 0xFF) != 0xFF) {
                return true;
            }
        }
        return (le[0] & 0xFF) < 0xED;
    }

    private static int[] fieldConstant(BigInteger value) {
        byte[] le = ScalarModL.toLittleEndian(value, 32);
        int[] r = X25519Field.create();
        X25519Field.decode(le, 0, r);
        return r;
    }

    /** The canonical value of a field element (tests and constants; allocates). */
    public static BigInteger fieldValue(int[] element) {
        int[] copy = X25519Field.create();
        X25519Field.copy(element, 0, copy, 0);
        X25519Field.normalize(copy);
        byte[] le = new byte[32];
        X25519Field.encode(copy, le, 0);
        return ScalarModL.fromLittleEndian(le, 0, 32);
    }
}
