package org.wishledger.ledger.anon;

import java.math.BigInteger;
import org.wishledger.ledger.crypto.EdwardsPoint;
import org.wishledger.ledger.crypto.MultiScalarMul;
import org.wishledger.ledger.crypto.ScalarModL;
import org.wishledger.ledger.crypto.ristretto.Ristretto255;

/**
 * Scalar multiples for the wallet side (prover, note keys, tags) with BigInteger scalars: one
 * {@link MultiScalarMul} and one {@link Ristretto255} per instance. Not thread-safe.
 */
final class PointMath {
    final Ristretto255 group = new Ristretto255();
    private final MultiScalarMul msm = new MultiScalarMul(group.arithmetic());
    private int[][] words = new int[0][];

    /** sum of scalars[i]·points[i] (scalars reduced mod L here), encoded. */
    byte[] combine(EdwardsPoint[] points, BigInteger[] scalars) {
        EdwardsPoint r = new EdwardsPoint();
        combine(points, scalars, r);
        return group.encode(r);
    }

    void combine(EdwardsPoint[] points, BigInteger[] scalars, EdwardsPoint r) {
        int n = points.length;
        if (words.length < n) {
            words = new int[n][8];
        }
        for (int i = 0; i < n; i++) {
            ScalarModL.toWords(scalars[i].mod(ScalarModL.L), words[i]);
        }
        msm.multiply(points, words, n, r);
    }

    EdwardsPoint times(BigInteger k, EdwardsPoint p) {
        EdwardsPoint r = new EdwardsPoint();
        combine(new EdwardsPoint[] {p}, new BigInteger[] {k}, r);
        return r;
    }
}
