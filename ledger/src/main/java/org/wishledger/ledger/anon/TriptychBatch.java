package org.wishledger.ledger.anon;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.wishledger.ledger.crypto.EdwardsPoint;
import org.wishledger.ledger.crypto.MultiScalarMul;
import org.wishledger.ledger.crypto.ristretto.Ristretto255;
import org.wishledger.ledger.crypto.ristretto.Scalar25519;

/**
 * Verifies Triptych proofs (see {@link TriptychProver} for the protocol), many at once. Each proof's four
 * verification equations
 * <pre>
 *   E1: A + xi B - Com(f; zA) = 0
 *   E2: xi C + D - Com(f (xi - f); zC) = 0
 *   E3: sum_k p_k M_k - sum_j xi^j X_j - z G = 0            p_k = prod_j f_{j,k_j}
 *   E4: xi^m U - sum_j xi^j Y_j - z J = 0                    (sum_k p_k = xi^m)
 * </pre>
 * (f_{j,0} = xi - sum_{i>=1} f_{j,i}) are combined with fresh secret random 128-bit weights into one
 * multi-scalar multiplication over all proofs in the batch. Generators G, U, H are shared by every
 * proof, and a bucket's 1,024 keys M_k are shared by every proof on that bucket: their scalars are
 * summed first, so the expensive ring part of the MSM is paid once per distinct bucket, not per proof.
 * A single proof is a batch of one.
 *
 * <p>Verdicts: the random weights make a false batch pass with probability about 2^-124 (the four
 * weighted equations, the same bound as {@link org.wishledger.ledger.crypto.SignatureBatch}); when a
 * batch fails, each proof is judged alone, so every proof's verdict is the same whatever batch it is in
 * (ristretto255 has prime order, so no cofactor subtlety arises).
 *
 * <p>Malformed proofs (wrong length, a non-canonical or identity point, a scalar >= L, a zero
 * challenge) are refused when added, before any arithmetic.
 *
 * <p>Not thread-safe: one instance per thread, reused; scratch grows to the largest batch seen.
 */
public final class TriptychBatch {
    /** Why {@link #add} refused a proof outright (NONE: well-formed, to be checked). */
    public enum Malformed { NONE, LENGTH, POINT, SCALAR, ZERO_CHALLENGE, RING_SIZE }

    private static final long[][] NO_SCALARS = new long[0][];

    private final TriptychParams params;
    private final TriptychGenerators gens;
    private final int capacity;
    private final int n;
    private final int m;
    private final int ringSize;
    private final ScalarPool pool;
    private final Entry[] entries;
    private int size;

    private final Ristretto255 group = new Ristretto255();
    private final MultiScalarMul msm = new MultiScalarMul(group.arithmetic());
    private final TriptychTranscript transcript = new TriptychTranscript();
    private final SecureRandom random = new SecureRandom();
    private final byte[] weightBytes = new byte[32];
    private final long[] plain = Scalar25519.create();
    private final long[] tmp = Scalar25519.create();
    private final long[] tmp2 = Scalar25519.create();
    private final long[] w1 = Scalar25519.create();
    private final long[] w2 = Scalar25519.create();
    private final long[] w3 = Scalar25519.create();
    private final long[] w4 = Scalar25519.create();
    private final long[] gAcc = Scalar25519.create();
    private final long[] uAcc = Scalar25519.create();
    private final long[][] hAcc;
    private final long[][] tree;
    private final EdwardsPoint sum = new EdwardsPoint();
    private final Map<Ring, long[][]> ringAcc = new IdentityHashMap<>();
    private EdwardsPoint[] terms = new EdwardsPoint[0];
    private int[][] words = new int[0][];
    private int termCount;

    public TriptychBatch(TriptychGenerators gens, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.gens = gens;
        this.params = gens.params();
        this.capacity = capacity;
        this.n = params.n();
        this.m = params.m();
        this.ringSize = params.ringSize();
        this.pool = new ScalarPool();
        this.entries = new Entry[capacity];
        for (int i = 0; i < capacity; i++) {
            entries[i] = new Entry(params);
        }
        this.hAcc = newScalars(m * n);
        this.tree = newScalars(ringSize);
    }

    /**
     * Adds one proof. The statement and proof arrays are referenced until {@link #clear}.
     *
     * @return NONE when the proof is well-formed (its verdict comes from {@link #verifyEach}), else why it
     *     is refused (its verdict is then false)
     * @throws IllegalStateException when the batch is full
     */
    public Malformed add(TriptychStatement statement, byte[] proof) {
        if (size == capacity) {
            throw new IllegalStateException("batch is full (" + capacity + ")");
        }
        Entry e = entries[size++];
        e.statement = statement;
        e.malformed = parse(e, statement, proof);
        return e.malformed;
    }

    public int size() {
        return size;
    }

    public void clear() {
        for (int i = 0; i < size; i++) {
            entries[i].statement = null;
        }
        size = 0;
    }

    /** Whether every proof in the batch is valid (an empty batch is). */
    public boolean verifyAll() {
        for (int i = 0; i < size; i++) {
            if (entries[i].malformed != Malformed.NONE) {
                return false;
            }
        }
        return size == 0 || combinedCheck(0, size);
    }

    /**
     * Fills {@code valid[i]} for each proof: all true when the whole batch verifies, else each judged
     * alone. Returns whether all were valid.
     */
    public boolean verifyEach(boolean[] valid) {
        if (verifyAll()) {
            Arrays.fill(valid, 0, size, true);
            return true;
        }
        boolean all = true;
        for (int i = 0; i < size; i++) {
            valid[i] = entries[i].malformed == Malformed.NONE && combinedCheck(i, i + 1);
            all &= valid[i];
        }
        return all;
    }

    private Malformed parse(Entry e, TriptychStatement statement, byte[] proof) {
        if (proof == null || proof.length != params.proofLength()) {
            return Malformed.LENGTH;
        }
        if (statement.ring().size() != ringSize) {
            return Malformed.RING_SIZE;
        }
        for (int p = 0; p < params.pointCount(); p++) {
            if (!group.decode(proof, 32 * p, e.points[p]) || group.isIdentity(e.points[p])) {
                return Malformed.POINT;
            }
        }
        if (!group.decode(statement.tag(), 0, e.tag) || group.isIdentity(e.tag)) {
            return Malformed.POINT;
        }
        int off = 32 * params.pointCount();
        for (int j = 0; j < m; j++) {
            for (int i = 1; i < n; i++) {
                if (!Scalar25519.decodeCanonical(proof, off, plain)) {
                    return Malformed.SCALAR;
                }
                Scalar25519.toMontgomery(plain, e.f[j][i]);
                off += 32;
            }
        }
        for (long[] z : e.responses) {
            if (!Scalar25519.decodeCanonical(proof, off, plain)) {
                return Malformed.SCALAR;
            }
            Scalar25519.toMontgomery(plain, z);
            off += 32;
        }
        transcript.challenge(params, statement, proof, plain);
        if (Scalar25519.isZero(plain)) {
            return Malformed.ZERO_CHALLENGE;
        }
        Scalar25519.toMontgomery(plain, e.xiPowers[1]);
        Scalar25519.set(Scalar25519.MONT_ONE, e.xiPowers[0]);
        for (int j = 2; j <= m; j++) {
            Scalar25519.mul(e.xiPowers[j - 1], e.xiPowers[1], e.xiPowers[j]);
        }
        long[] xi = e.xiPowers[1];
        for (int j = 0; j < m; j++) { // f_{j,0} = xi - sum_{i>=1} f_{j,i}
            Scalar25519.set(xi, e.f[j][0]);
            for (int i = 1; i < n; i++) {
                Scalar25519.sub(e.f[j][0], e.f[j][i], e.f[j][0]);
            }
        }
        return Malformed.NONE;
    }

    /** The weighted sum of every equation of entries [from, to) is the identity. */
    private boolean combinedCheck(int from, int to) {
        int proofs = to - from;
        Arrays.fill(gAcc, 0);
        Arrays.fill(uAcc, 0);
        for (long[] h : hAcc) {
            Arrays.fill(h, 0);
        }
        ringAcc.clear();
        int distinctRings = 0;
        for (int idx = from; idx < to; idx++) {
            if (ringAcc.putIfAbsent(entries[idx].statement.ring(), NO_SCALARS) == null) {
                distinctRings++;
            }
        }
        ringAcc.clear();
        ensureTerms(proofs * (params.pointCount() + 1) + 2 + m * n + distinctRings * ringSize);
        termCount = 0;
        for (int idx = from; idx < to; idx++) {
            Entry e = entries[idx];
            randomWeight(w1);
            randomWeight(w2);
            randomWeight(w3);
            randomWeight(w4);
            long[] xi = e.xiPowers[1];
            // E1: w1 A + w1 xi B - w1 zA G - sum w1 f H
            addTerm(e.points[0], w1);
            Scalar25519.mul(w1, xi, tmp);
            addTerm(e.points[1], tmp);
            Scalar25519.mul(w1, e.zA, tmp);
            Scalar25519.sub(gAcc, tmp, gAcc);
            // E2: w2 xi C + w2 D - w2 zC G - sum w2 f (xi - f) H
            Scalar25519.mul(w2, xi, tmp);
            addTerm(e.points[2], tmp);
            addTerm(e.points[3], w2);
            Scalar25519.mul(w2, e.zC, tmp);
            Scalar25519.sub(gAcc, tmp, gAcc);
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < n; i++) {
                    long[] f = e.f[j][i];
                    long[] h = hAcc[j * n + i];
                    Scalar25519.mul(w1, f, tmp);
                    Scalar25519.sub(h, tmp, h);
                    Scalar25519.sub(xi, f, tmp);
                    Scalar25519.mul(tmp, f, tmp);
                    Scalar25519.mul(tmp, w2, tmp);
                    Scalar25519.sub(h, tmp, h);
                }
            }
            // E3: sum w3 p_k M_k - sum w3 xi^j X_j - w3 z G
            accumulateRing(e, w3);
            for (int j = 0; j < m; j++) {
                Scalar25519.mul(w3, e.xiPowers[j], tmp);
                Scalar25519.negate(tmp, tmp);
                addTerm(e.points[4 + j], tmp);
            }
            Scalar25519.mul(w3, e.z, tmp);
            Scalar25519.sub(gAcc, tmp, gAcc);
            // E4: w4 xi^m U - sum w4 xi^j Y_j - w4 z J
            Scalar25519.mul(w4, e.xiPowers[m], tmp);
            Scalar25519.add(uAcc, tmp, uAcc);
            for (int j = 0; j < m; j++) {
                Scalar25519.mul(w4, e.xiPowers[j], tmp);
                Scalar25519.negate(tmp, tmp);
                addTerm(e.points[4 + m + j], tmp);
            }
            Scalar25519.mul(w4, e.z, tmp);
            Scalar25519.negate(tmp, tmp);
            addTerm(e.tag, tmp);
        }
        addTerm(gens.g(), gAcc);
        addTerm(gens.u(), uAcc);
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                addTerm(gens.h(j, i), hAcc[j * n + i]);
            }
        }
        for (Map.Entry<Ring, long[][]> r : ringAcc.entrySet()) {
            EdwardsPoint[] points = r.getKey().points();
            long[][] acc = r.getValue();
            for (int k = 0; k < ringSize; k++) {
                addTerm(points[k], acc[k]);
            }
        }
        msm.multiply(terms, words, termCount, sum);
        Arrays.fill(terms, 0, termCount, null);
        pool.releaseAll();
        ringAcc.clear();
        return group.isIdentity(sum);
    }

    /**
     * Adds weight·p_k to the bucket's accumulated scalar of every member k, p_k = prod_j f_{j,k_j}: a
     * product tree from the top digit down, with the weight folded into the root, so all N products cost
     * n + n^2 + ... + n^m multiplications.
     */
    private void accumulateRing(Entry e, long[] weight) {
        Scalar25519.set(weight, tree[0]);
        int width = 1;
        for (int j = m - 1; j >= 0; j--) {
            long[][] fj = e.f[j];
            for (int idx = width - 1; idx >= 0; idx--) { // in place: writes land at or above idx * n >= idx
                Scalar25519.set(tree[idx], tmp2);
                for (int i = n - 1; i >= 0; i--) {
                    Scalar25519.mul(tmp2, fj[i], tree[idx * n + i]);
                }
            }
            width *= n;
        }
        long[][] acc = ringAcc.get(e.statement.ring());
        if (acc == null) {
            acc = pool.scalars(ringSize);
            ringAcc.put(e.statement.ring(), acc);
        }
        for (int k = 0; k < ringSize; k++) {
            Scalar25519.add(acc[k], tree[k], acc[k]);
        }
    }

    /** Appends point·scalar (scalar in Montgomery form) to the MSM. */
    private void addTerm(EdwardsPoint point, long[] montScalar) {
        Scalar25519.fromMontgomery(montScalar, plain);
        terms[termCount] = point;
        Scalar25519.toWords(plain, words[termCount]);
        termCount++;
    }

    /** A fresh secret non-zero 128-bit weight, in Montgomery form. */
    private void randomWeight(long[] r) {
        random.nextBytes(weightBytes);
        plain[0] = bytesToLong(0) | 1;
        plain[1] = bytesToLong(8);
        plain[2] = 0;
        plain[3] = 0;
        Scalar25519.toMontgomery(plain, r);
    }

    private long bytesToLong(int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (weightBytes[off + i] & 0xFF);
        }
        return v;
    }

    private void ensureTerms(int needed) {
        if (terms.length < needed) {
            terms = new EdwardsPoint[needed];
            int[][] grown = Arrays.copyOf(words, needed);
            for (int i = words.length; i < needed; i++) {
                grown[i] = new int[8];
            }
            words = grown;
        }
    }

    private static long[][] newScalars(int count) {
        long[][] r = new long[count][];
        for (int i = 0; i < count; i++) {
            r[i] = Scalar25519.create();
        }
        return r;
    }

    /** One proof's decoded points and Montgomery-form scalars. */
    private static final class Entry {
        TriptychStatement statement;
        Malformed malformed;
        final EdwardsPoint[] points;
        final EdwardsPoint tag = new EdwardsPoint();
        final long[][][] f;
        final long[] zA = Scalar25519.create();
        final long[] zC = Scalar25519.create();
        final long[] z = Scalar25519.create();
        final long[][] xiPowers;
        final long[][] responses = {zA, zC, z};

        Entry(TriptychParams params) {
            points = new EdwardsPoint[params.pointCount()];
            for (int i = 0; i < points.length; i++) {
                points[i] = new EdwardsPoint();
            }
            f = new long[params.m()][][];
            for (int j = 0; j < params.m(); j++) {
                f[j] = newScalars(params.n());
            }
            xiPowers = newScalars(params.m() + 1);
        }
    }

    /** Ring accumulators reused across checks (one set of N scalars per distinct bucket in a check). */
    private static final class ScalarPool {
        private long[][][] free = new long[0][][];
        private int used;

        long[][] scalars(int count) {
            if (used == free.length) {
                free = Arrays.copyOf(free, used + 1);
                free[used] = newScalars(count);
            }
            long[][] s = free[used++];
            for (long[] x : s) {
                Arrays.fill(x, 0);
            }
            return s;
        }

        void releaseAll() {
            used = 0;
        }
    }
}
