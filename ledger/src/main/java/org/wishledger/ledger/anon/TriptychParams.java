package org.wishledger.ledger.anon;

/**
 * Shape of a Triptych proof: rings of N = n^m members, each index written as m digits in base n.
 *
 * <p>The ledger uses n = 4, m = 5 (N = 1,024): proofs of 32 group elements and scalars (1,024 bytes),
 * and a verifier whose per-proof scalar work (n + n^2 + ... + n^m = 1,364 products for all N ring
 * coefficients) is about the same for any split of 1,024. n = 2, m = 10 gives a larger proof (26
 * points + 13 scalars = 1,248 bytes) and n = 32, m = 2 a much larger one (2,368 bytes, 64 commitment
 * generators); n = 4 is the smallest proof. See docs/privacy.md.
 */
public record TriptychParams(int n, int m) {
    /** The ledger's ring size: one sealed bucket of 1,024 notes. */
    public static final TriptychParams LEDGER = new TriptychParams(4, 5);

    public TriptychParams {
        if (n < 2 || m < 1 || Math.pow(n, m) > (1 << 16)) {
            throw new IllegalArgumentException("need n >= 2, m >= 1 and n^m <= 65536, got n=" + n + " m=" + m);
        }
    }

    /** Ring size n^m. */
    public int ringSize() {
        int size = 1;
        for (int j = 0; j < m; j++) {
            size *= n;
        }
        return size;
    }

    /** Points in a proof: A, B, C, D, then X_0..X_{m-1}, then Y_0..Y_{m-1}. */
    public int pointCount() {
        return 4 + 2 * m;
    }

    /** Scalars in a proof: f_{j,i} for i = 1..n-1, then z_A, z_C, z. */
    public int scalarCount() {
        return m * (n - 1) + 3;
    }

    public int proofLength() {
        return 32 * (pointCount() + scalarCount());
    }

    /** Digit j (base n) of ring index k. */
    int digit(int k, int j) {
        for (int i = 0; i < j; i++) {
            k /= n;
        }
        return k % n;
    }
}
