package org.wishledger.ledger.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point of edwards25519 in extended coordinates (X:Y:Z:T) with x = X/Z, y = Y/Z and xy = T/Z (Hisil,
 * Wong, Carter, Dawson 2008). Plain mutable data; the arithmetic lives in {@link EdwardsArithmetic},
 * which owns the scratch space. Field elements are Bouncy Castle's 10-limb X25519Field representation.
 */
public final class EdwardsPoint {
    public final int[] x = X25519Field.create();
    public final int[] y = X25519Field.create();
    public final int[] z = X25519Field.create();
    public final int[] t = X25519Field.create();

    public EdwardsPoint setIdentity() {
        X25519Field.zero(x);
        X25519Field.one(y);
        X25519Field.one(z);
        X25519Field.zero(t);
        return this;
    }

    public EdwardsPoint set(EdwardsPoint p) {
        X25519Field.copy(p.x, 0, x, 0);
        X25519Field.copy(p.y, 0, y, 0);
        X25519Field.copy(p.z, 0, z, 0);
        X25519Field.copy(p.t, 0, t, 0);
        return this;
    }

    /** This point's negation, -(x, y) = (-x, y). */
    public EdwardsPoint setNegated(EdwardsPoint p) {
        X25519Field.negate(p.x, x);
        X25519Field.copy(p.y, 0, y, 0);
        X25519Field.copy(p.z, 0, z, 0);
        X25519Field.negate(p.t, t);
        return this;
    }
}
