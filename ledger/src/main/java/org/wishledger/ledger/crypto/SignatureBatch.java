package org.wishledger.ledger.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Verifies many Ed25519 signatures at once, about twice as fast per signature as one at a time once a
 * batch holds a few dozen. The check is the standard randomized one: with fresh random 128-bit z_i,
 * <pre>  [8] ( sum z_i R_i + sum_A (sum z_i k_i) A - (sum z_i S_i) B ) == identity,  k_i = H(R_i || A_i || M_i)</pre>
 * which holds when every signature satisfies its cofactored equation [8](R + [k]A - [S]B) = 0, and
 * otherwise fails except with probability about 2^-127.
 *
 * <h2>Why the cofactor: batch and single verification must agree</h2>
 * The ledger's rule for one signature is {@link PublicKey#verify}, Bouncy Castle's check, which is
 * cofactored: it tests [8](R + [k]A - [S]B) = 0 (SignatureBatchTest pins this down). A batch equation
 * without the [8] could accept or refuse a signature whose R carries a small-order component depending
 * on the random z_i and on its batch-mates, and two validators would disagree about the same block.
 * With the [8] a batch passes only if every member passes the rule, and when a batch fails each member
 * is judged alone by the rule; so the outcome for every signature is the rule's, whatever batch it
 * landed in (the argument of "Taming the many EdDSAs", Chalkias et al. 2020).
 *
 * <p>Not thread-safe: one instance per thread, reused (capacity fixed at construction; the
 * multi-scalar multiplication's scratch grows to the largest batch seen).
 */
public final class SignatureBatch {
    private static final BigInteger L = ScalarModL.L;
    /**
     * Below this many signatures the combined check costs more than checking each alone, so each is
     * checked alone (measured, docs/benchmarks-ledger.md: per signature 156 µs in a combined batch of 2,
     * 119 µs of 4, 81 µs of 8, against 83–91 µs one at a time). A node at a low rate sees mostly such
     * small batches on its verification lanes.
     */
    static final int SMALLEST_COMBINED = 8;
    private static final int WEIGHT_BYTES = 16;

    private final int capacity;
    private final PublicKey[] keys;
    private final byte[][] messages;
    private final int[] offsets;
    private final int[] lengths;
    private final byte[][] signatures;
    private int size;

    private final EdwardsArithmetic ops = new EdwardsArithmetic();
    private final MultiScalarMul msm = new MultiScalarMul(ops);
    private final EdwardsPoint base = ops.basePoint();
    private final EdwardsPoint[] rPoints;
    private final EdwardsPoint[] terms;
    private final int[][] scalars;
    private final BigInteger[] keyWeights;
    private final Map<PublicKey, Integer> keyIndex = new IdentityHashMap<>();
    private final EdwardsPoint sum = new EdwardsPoint();
    private final MessageDigest sha512;
    private final SecureRandom random = new SecureRandom();
    private final byte[] weightBytes = new byte[WEIGHT_BYTES];
    private final byte[] digest = new byte[64];

    public SignatureBatch(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.keys = new PublicKey[capacity];
        this.messages = new byte[capacity][];
        this.offsets = new int[capacity];
        this.lengths = new int[capacity];
        this.signatures = new byte[capacity][];
        this.rPoints = new EdwardsPoint[capacity];
        for (int i = 0; i < capacity; i++) {
            rPoints[i] = new EdwardsPoint();
        }
        int maxTerms = 2 * capacity + 1; // every R, every distinct key, B
        this.terms = new EdwardsPoint[maxTerms];
        this.scalars = new int[maxTerms][8];
        this.keyWeights = new BigInteger[capacity];
        try {
            this.sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }

    /**
     * Adds one signature; the arrays are referenced, not copied, until {@link #clear}.
     *
     * @throws IllegalStateException when the batch is full
     */
    public void add(PublicKey key, byte[] message, int offset, int length, byte[] signature) {
        if (size == capacity) {
            throw new IllegalStateException("batch is full (" + capacity + ")");
        }
        keys[size] = key;
        messages[size] = message;
        offsets[size] = offset;
        lengths[size] = length;
        signatures[size] = signature;
        size++;
    }

    public int size() {
        return size;
    }

    public void clear() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(messages, 0, size, null);
        Arrays.fill(signatures, 0, size, null);
        size = 0;
    }

    /** Whether every signature in the batch is valid by the ledger's rule (an empty batch is). */
    public boolean verifyAll() {
        if (size < SMALLEST_COMBINED) {
            for (int i = 0; i < size; i++) {
                if (!keys[i].verify(messages[i], offsets[i], lengths[i], signatures[i])) {
                    return false;
                }
            }
            return true;
        }
        return combinedCheck();
    }

    /**
     * Fills {@code valid[i]} for each signature ({@code valid.length >= size()}): all true when the batch
     * verifies, else each one judged alone by {@link PublicKey#verify}. Returns whether all were valid.
     */
    public boolean verifyEach(boolean[] valid) {
        if (size >= SMALLEST_COMBINED && combinedCheck()) {
            Arrays.fill(valid, 0, size, true);
            return true;
        }
        boolean all = true;
        for (int i = 0; i < size; i++) {
            valid[i] = keys[i].verify(messages[i], offsets[i], lengths[i], signatures[i]);
            all &= valid[i];
        }
        return all;
    }

    private boolean combinedCheck() {
        sha512.reset(); // a previous call that threw (a bad message range) must not leak into this one
        keyIndex.clear();
        BigInteger baseWeight = BigInteger.ZERO;
        int distinctKeys = 0;
        for (int i = 0; i < size; i++) {
            byte[] sig = signatures[i];
            if (sig == null || sig.length != PublicKey.SIGNATURE_LENGTH) {
                return false;
            }
            BigInteger s = ScalarModL.fromLittleEndian(sig, 32, 32);
            if (s.compareTo(L) >= 0 || !ops.decode(sig, 0, rPoints[i])) {
                return false;
            }
            BigInteger k = challenge(sig, keys[i], messages[i], offsets[i], lengths[i]);
            BigInteger z = randomWeight();
            terms[i] = rPoints[i];
            ScalarModL.toWords(z, scalars[i]);
            Integer slot = keyIndex.get(keys[i]);
            if (slot == null) {
                slot = distinctKeys++;
                keyIndex.put(keys[i], slot);
                keyWeights[slot] = BigInteger.ZERO;
            }
            keyWeights[slot] = keyWeights[slot].add(z.multiply(k));
            baseWeight = baseWeight.add(z.multiply(s));
        }
        int n = size;
        for (Map.Entry<PublicKey, Integer> e : keyIndex.entrySet()) {
            terms[n + e.getValue()] = e.getKey().point();
            ScalarModL.toWords(keyWeights[e.getValue()].mod(L), scalars[n + e.getValue()]);
        }
        n += distinctKeys;
        terms[n] = base;
        ScalarModL.toWords(baseWeight.negate().mod(L), scalars[n]);
        n++;

        msm.multiply(terms, scalars, n, sum);
        ops.dbl(sum, sum);
        ops.dbl(sum, sum);
        ops.dbl(sum, sum);
        Arrays.fill(terms, 0, n, null);
        return ops.isIdentity(sum);
    }

    /** k = SHA-512(R || A || M) mod L (RFC 8032 section 5.1.7). */
    private BigInteger challenge(byte[] sig, PublicKey key, byte[] message, int offset, int length) {
        sha512.update(sig, 0, 32);
        sha512.update(key.encodedUnsafe());
        sha512.update(message, offset, length);
        try {
            sha512.digest(digest, 0, 64);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        return ScalarModL.fromLittleEndian(digest, 0, 64).mod(L);
    }

    /**
     * A fresh secret 128-bit weight, odd so never zero. Drawn per signature, exactly 16 bytes: the JDK's
     * NativePRNG mixes every byte it returns through SHA1PRNG, so filling a buffer for the lanes' whole
     * capacity (256) cost ~48 µs per check against ~2 µs for 8 such draws (measured 2026-12-08).
     */
    private BigInteger randomWeight() {
        random.nextBytes(weightBytes);
        weightBytes[0] |= 1;
        return ScalarModL.fromLittleEndian(weightBytes, 0, WEIGHT_BYTES);
    }
}
