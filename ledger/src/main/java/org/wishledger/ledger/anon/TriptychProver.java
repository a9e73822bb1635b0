package org.wishledger.ledger.anon;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.wishledger.ledger.crypto.EdwardsPoint;
import org.wishledger.ledger.crypto.ScalarModL;
import org.wishledger.ledger.crypto.ristretto.Scalar25519;

/**
 * Proves a single-input Triptych statement (Noether and Goodell, "Triptych: logarithmic-sized linkable
 * ring signatures with applications", ePrint 2020/018): knowledge of r and l with M_l = r·G and
 * J·r = U, where the ring M is a whole sealed bucket. Without amount commitments (all notes of a bucket
 * have the same denomination).
 *
 * <p>With sigma_{j,i} = [l_j = i] (l in base n), random a_{j,i} (row sums zero) and blinders:
 * <pre>
 *   A = Com(a; rA)   B = Com(sigma; rB)   C = Com(a(1 - 2 sigma); rC)   D = Com(-a^2; rD)
 *   X_j = sum_k p_{k,j} M_k + rho_j G     Y_j = rho_j J
 *   xi = H(statement, A..Y)
 *   f_{j,i} = sigma_{j,i} xi + a_{j,i} (i >= 1)   zA = rB xi + rA   zC = rC xi + rD
 *   z = r xi^m - sum_j rho_j xi^j
 * </pre>
 * where Com(x; s) = s·G + sum x_{j,i} H_{j,i} and p_{k,j} is the coefficient of x^j in
 * prod_j (sigma_{j,k_j} x + a_{j,k_j}). Scalars in BigInteger: proving is a wallet's once-per-spend job,
 * dominated by the m ring-sized multi-scalar multiplications.
 *
 * <p>Not thread-safe (owns its arithmetic scratch).
 */
public final class TriptychProver {
    private static final BigInteger L = ScalarModL.L;

    private final TriptychGenerators gens;
    private final TriptychParams params;
    private final PointMath math = new PointMath();
    private final AnonKeys keys;
    private final TriptychTranscript transcript = new TriptychTranscript();

    public TriptychProver(TriptychGenerators gens) {
        this.gens = gens;
        this.params = gens.params();
        this.keys = new AnonKeys(gens);
    }

    /**
     * The proof bytes for {@code statement}, spending ring member {@code index} whose secret is
     * {@code secret}; all blinders come from {@code random} (a SecureRandom in a wallet, seeded in tests).
     *
     * @throws IllegalArgumentException when the secret does not open ring member {@code index}, or the
     *     statement's tag is not this secret's tag, or the ring has the wrong size
     */
    public byte[] prove(TriptychStatement statement, int index, BigInteger secret, Random random) {
        int n = params.n();
        int m = params.m();
        int size = params.ringSize();
        Ring ring = statement.ring();
        if (ring.size() != size) {
            throw new IllegalArgumentException("ring has " + ring.size() + " members, the proof needs " + size);
        }
        if (index < 0 || index >= size || !Arrays.equals(ring.key(index), keys.noteKey(secret))) {
            throw new IllegalArgumentException("the secret does not open ring member " + index);
        }
        if (!Arrays.equals(statement.tag(), keys.tag(secret))) {
            throw new IllegalArgumentException("the statement's tag is not this note's tag");
        }
        EdwardsPoint tagPoint = new EdwardsPoint();
        if (!math.group.decode(statement.tag(), 0, tagPoint)) {
            throw new AssertionError("a computed tag decodes");
        }

        BigInteger[][] a = new BigInteger[m][n];
        BigInteger[][] sigma = new BigInteger[m][n];
        for (int j = 0; j < m; j++) {
            BigInteger rowSum = BigInteger.ZERO;
            for (int i = 1; i < n; i++) {
                a[j][i] = AnonKeys.randomScalar(random);
                rowSum = rowSum.add(a[j][i]);
            }
            a[j][0] = rowSum.negate().mod(L);
            int lj = params.digit(index, j);
            for (int i = 0; i < n; i++) {
                sigma[j][i] = i == lj ? BigInteger.ONE : BigInteger.ZERO;
            }
        }
        BigInteger rA = AnonKeys.randomScalar(random);
        BigInteger rB = AnonKeys.randomScalar(random);
        BigInteger rC = AnonKeys.randomScalar(random);
        BigInteger rD = AnonKeys.randomScalar(random);
        BigInteger[][] cValues = new BigInteger[m][n];
        BigInteger[][] dValues = new BigInteger[m][n];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                cValues[j][i] = a[j][i].multiply(BigInteger.ONE.subtract(sigma[j][i].shiftLeft(1)));
                dValues[j][i] = a[j][i].multiply(a[j][i]).negate();
            }
        }
        byte[] proof = new byte[params.proofLength()];
        int off = 0;
        off = put(proof, off, commit(a, rA));
        off = put(proof, off, commit(sigma, rB));
        off = put(proof, off, commit(cValues, rC));
        off = put(proof, off, commit(dValues, rD));

        BigInteger[][] coefficients = ringCoefficients(a, index); // [k][j], j < m
        BigInteger[] rho = new BigInteger[m];
        EdwardsPoint[] xPoints = Arrays.copyOf(ring.points(), size + 1);
        xPoints[size] = gens.g();
        BigInteger[] xScalars = new BigInteger[size + 1];
        for (int j = 0; j < m; j++) {
            rho[j] = AnonKeys.randomScalar(random);
            for (int k = 0; k < size; k++) {
                xScalars[k] = coefficients[k][j];
            }
            xScalars[size] = rho[j];
            off = put(proof, off, math.combine(xPoints, xScalars));
        }
        for (int j = 0; j < m; j++) {
            off = put(proof, off, math.group.encode(math.times(rho[j], tagPoint)));
        }

        BigInteger xi = Scalar25519.toBigInteger(transcript.challenge(params, statement, proof, new long[4]));
        if (xi.signum() == 0) {
            throw new IllegalStateException("zero challenge (probability 2^-252); prove again with fresh randomness");
        }
        for (int j = 0; j < m; j++) {
            for (int i = 1; i < n; i++) {
                off = putScalar(proof, off, sigma[j][i].multiply(xi).add(a[j][i]));
            }
        }
        off = putScalar(proof, off, rB.multiply(xi).add(rA));
        off = putScalar(proof, off, rC.multiply(xi).add(rD));
        BigInteger z = secret.multiply(xi.modPow(BigInteger.valueOf(m), L));
        BigInteger xiPower = BigInteger.ONE;
        for (int j = 0; j < m; j++) {
            z = z.subtract(rho[j].multiply(xiPower));
            xiPower = xiPower.multiply(xi).mod(L);
        }
        off = putScalar(proof, off, z);
        if (off != proof.length) {
            throw new AssertionError("proof layout");
        }
        return proof;
    }

    /** Com(values; blinder) = blinder·G + sum values[j][i]·H_{j,i}. */
    private byte[] commit(BigInteger[][] values, BigInteger blinder) {
        int n = params.n();
        int m = params.m();
        EdwardsPoint[] points = new EdwardsPoint[m * n + 1];
        BigInteger[] scalars = new BigInteger[m * n + 1];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                points[j * n + i] = gens.h(j, i);
                scalars[j * n + i] = values[j][i];
            }
        }
        points[m * n] = gens.g();
        scalars[m * n] = blinder;
        return math.combine(points, scalars);
    }

    /**
     * p_{k,j} for every ring member k: the coefficients below x^m of prod_j (sigma_{j,k_j} x + a_{j,k_j}).
     * The factor is (x + a) where k's digit equals l's, else the constant a.
     */
    private BigInteger[][] ringCoefficients(BigInteger[][] a, int index) {
        int m = params.m();
        int size = params.ringSize();
        BigInteger[][] out = new BigInteger[size][];
        BigInteger[] poly = new BigInteger[m + 1];
        for (int k = 0; k < size; k++) {
            Arrays.fill(poly, BigInteger.ZERO);
            poly[0] = BigInteger.ONE;
            int degree = 0;
            for (int j = 0; j < m; j++) {
                int kj = params.digit(k, j);
                BigInteger aj = a[j][kj];
                boolean hasX = kj == params.digit(index, j);
                for (int d = degree + (hasX ? 1 : 0); d >= 0; d--) {
                    BigInteger v = poly[d].multiply(aj);
                    if (hasX && d > 0) {
                        v = v.add(poly[d - 1]);
                    }
                    poly[d] = v.mod(L);
                }
                if (hasX) {
                    degree++;
                }
            }
            out[k] = Arrays.copyOf(poly, m);
        }
        return out;
    }

    private static int put(byte[] proof, int off, byte[] encoded) {
        System.arraycopy(encoded, 0, proof, off, 32);
        return off + 32;
    }

    private static int putScalar(byte[] proof, int off, BigInteger value) {
        byte[] le = ScalarModL.toLittleEndian(value.mod(L), 32);
        System.arraycopy(le, 0, proof, off, 32);
        return off + 32;
    }
}
