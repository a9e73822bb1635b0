package org.wishledger.ledger.crypto;

import static org.wishledger.ledger.crypto.Ed25519Reference.challenge;
import static org.wishledger.ledger.crypto.Ed25519Reference.secretScalar;
import static org.wishledger.ledger.crypto.Ed25519Reference.times;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Adversarial checks of the one property batch verification must have on a replicated ledger: every
 * signature gets the verdict of the single-signature rule ({@link PublicKey#verify}), whatever batch it
 * lands in, whatever its batch-mates and whatever the batch's random weights.
 *
 * <p>Seeded randomness throughout (the seed is in every message). Signatures with small-order
 * components are crafted from known secret scalars: R = [r]B + T or R = T (T one of the eight points of
 * order dividing 8), and keys A' = A + T. Those are valid under the cofactored equation the rule uses,
 * so the test also pins the rule itself: a library upgrade that turned it cofactorless would show here.
 */
class SignatureBatchAdversarialTest {
    private static final long SEED = 0x5EED_BA7CL;
    private static final BigInteger L = ScalarModL.L;
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final int CAPACITY = 300;

    /** The eight points of order dividing 8, canonical encodings, and their orders (listed, then proven below). */
    private static final String[] SMALL_ORDER_HEX = {
        "0100000000000000000000000000000000000000000000000000000000000000", // (0, 1), the identity
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // (0, -1)
        "0000000000000000000000000000000000000000000000000000000000000000", // (sqrt(-1), 0), x even
        "0000000000000000000000000000000000000000000000000000000000000080", // (-sqrt(-1), 0)
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    };
    private static final int[] SMALL_ORDER = {1, 2, 4, 4, 8, 8, 8, 8};
    /** x = 0 with the sign bit set: y = 1 and y = -1. RFC 8032 refuses both. */
    private static final String[] X_ZERO_SIGN_SET = {
        "0100000000000000000000000000000000000000000000000000000000000080",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    };

    private final EdwardsArithmetic ops = new EdwardsArithmetic();
    private final Random random = new Random(SEED);
    private final EdwardsPoint base = ops.basePoint();
    /** torsion[i] decodes SMALL_ORDER_HEX[i]. */
    private final EdwardsPoint[] torsion = new EdwardsPoint[8];
    /** Known-scalar points [r]B for crafting R (public keys of throwaway seeds). */
    private final List<BigInteger> nonceScalars = new ArrayList<>();
    private final List<EdwardsPoint> noncePoints = new ArrayList<>();
    private final List<Signer> signers = new ArrayList<>();
    private final List<Signer> torsionSigners = new ArrayList<>();

    SignatureBatchAdversarialTest() {
        for (int i = 0; i < 8; i++) {
            torsion[i] = new EdwardsPoint();
            if (!ops.decode(Hex.decode(SMALL_ORDER_HEX[i]), 0, torsion[i])) {
                throw new AssertionError("small-order point " + i + " must decode");
            }
        }
        for (int i = 0; i < 24; i++) {
            byte[] seed = bytes(32);
            nonceScalars.add(secretScalar(seed));
            noncePoints.add(KeyPair.fromSeed(seed).publicKey().point());
        }
        for (int i = 0; i < 4; i++) {
            byte[] seed = bytes(32);
            KeyPair pair = KeyPair.fromSeed(seed);
            signers.add(new Signer(pair, secretScalar(seed), pair.publicKey()));
        }
        // Keys with a torsion component: A' = A + T for T of order 2, 4 and 8.
        for (int t : new int[] {1, 3, 5, 6}) {
            Signer s = signers.get(t % signers.size());
            EdwardsPoint mixed = new EdwardsPoint();
            ops.add(s.key().point(), torsion[t], mixed);
            torsionSigners.add(new Signer(null, s.secret(), PublicKey.decode(ops.encode(mixed))));
        }
    }

    /** A secret scalar and the public key used with it (for torsion keys, A + T rather than [a]B). */
    private record Signer(KeyPair pair, BigInteger secret, PublicKey key) {
    }

    /** One batch member; {@code byConstruction} is what the cofactored rule must say, null when unknowable. */
    private record Member(Kind kind, PublicKey key, byte[] message, int offset, int length, byte[] signature,
                          Boolean byConstruction) {
        boolean rule() {
            return key.verify(message, offset, length, signature);
        }
    }

    private enum Kind {
        HONEST(true), HONEST_KEY_COPY(true), TORSION_KEY(true), R_SMALL_ORDER(true), R_TORSION(true),
        DUPLICATE(true),
        TORSION_KEY_BAD_S(false), R_SMALL_ORDER_BAD_S(false), R_TORSION_BAD_S(false), WRONG_MESSAGE(false),
        FLIPPED_BIT(false), S_PLUS_L(false), S_EDGE(false), R_NON_CANONICAL(false), R_X_ZERO_SIGN_SET(false),
        R_NOT_ON_CURVE(false), BAD_LENGTH(false), WRONG_KEY(false);

        final boolean valid;

        Kind(boolean valid) {
            this.valid = valid;
        }
    }

    private static final Kind[] VALID_KINDS = Arrays.stream(Kind.values()).filter(k -> k.valid).toArray(Kind[]::new);
    private static final Kind[] INVALID_KINDS = Arrays.stream(Kind.values()).filter(k -> !k.valid).toArray(Kind[]::new);

    // ---------------------------------------------------------------------------------------------
    // The small-order points themselves

    @Test
    void theEightListedPointsAreExactlyTheMultiplesOfAnOrder8Point() {
        Set<String> multiples = new HashSet<>();
        EdwardsPoint acc = new EdwardsPoint().setIdentity();
        for (int i = 0; i < 8; i++) {
            multiples.add(Hex.encode(ops.encode(acc)));
            ops.add(acc, torsion[4], acc);
        }
        assertTrue(ops.isIdentity(acc), "[8]T8 must be the identity");
        assertEquals(Set.of(SMALL_ORDER_HEX), multiples, "the listed points are the subgroup generated by T8");
        for (int i = 0; i < 8; i++) {
            assertEquals(SMALL_ORDER_HEX[i], Hex.encode(ops.encode(torsion[i])), "canonical re-encoding " + i);
            int order = SMALL_ORDER[i];
            assertTrue(ops.isIdentity(times(ops, BigInteger.valueOf(order), torsion[i])), "point " + i + " has order | " + order);
            if (order > 1) {
                assertFalse(ops.isIdentity(times(ops, BigInteger.valueOf(order / 2), torsion[i])),
                        "point " + i + " has order exactly " + order);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 1. Property: per-member verdicts of a batch equal the rule's, for random adversarial batches

    @Test
    void batchVerdictsEqualTheSingleRuleForRandomAdversarialBatches() {
        SignatureBatch batch = new SignatureBatch(CAPACITY); // one instance for every round: state must not leak
        boolean[] valid = new boolean[CAPACITY];
        int rounds = 240;
        int passedCombined = 0;
        for (int round = 0; round < rounds; round++) {
            int mode = round % 4; // 0 all valid, 1 one bad, 2 mixed, 3 a few bad
            int n = round < 8 ? 1 + round : 1 + random.nextInt(CAPACITY);
            List<Member> members = batchOf(n, mode);
            String where = "seed " + SEED + " round " + round + " mode " + mode + " n " + n;

            boolean[] rule = new boolean[n];
            boolean all = true;
            batch.clear();
            assertEquals(0, batch.size(), where);
            for (int i = 0; i < n; i++) {
                Member m = members.get(i);
                rule[i] = m.rule();
                if (m.byConstruction() != null) {
                    assertEquals(m.byConstruction(), rule[i], "the rule on member " + i + " " + m.kind() + "; " + where);
                }
                all &= rule[i];
                batch.add(m.key(), m.message(), m.offset(), m.length(), m.signature());
            }
            assertEquals(n, batch.size(), where);
            Arrays.fill(valid, !all); // poison: every slot must be written
            assertEquals(all, batch.verifyEach(valid), "verifyEach's result; " + where);
            for (int i = 0; i < n; i++) {
                assertEquals(rule[i], valid[i], "member " + i + " " + members.get(i).kind() + "; " + where);
            }
            assertEquals(all, batch.verifyAll(), "verifyAll; " + where);
            if (all && n > 1) {
                passedCombined++;
            }
        }
        assertTrue(passedCombined >= rounds / 5, "enough valid batches went through the combined check: " + passedCombined);
    }

    /**
     * Every R encoding RFC 8032 refuses (y >= p, x = 0 with the sign bit set), each with the S that would
     * make it pass if it were misread as the small-order point it aliases (y = p is y = 0, y = p + 1 is
     * the identity): S = k a. A batch that decoded leniently would accept these; the rule refuses them.
     */
    @Test
    void everyRefusedREncodingIsRefusedInsideBatchesToo() {
        List<byte[]> encodings = new ArrayList<>();
        for (int j = 0; j < 19; j++) {
            for (int sign = 0; sign < 2; sign++) {
                byte[] r = ScalarModL.toLittleEndian(P.add(BigInteger.valueOf(j)), 32);
                r[31] |= (byte) (sign << 7);
                encodings.add(r);
            }
        }
        for (String hex : X_ZERO_SIGN_SET) {
            encodings.add(Hex.decode(hex));
        }
        SignatureBatch batch = new SignatureBatch(CAPACITY);
        for (byte[] r : encodings) {
            Signer s = signers.get(random.nextInt(signers.size()));
            byte[] msg = bytes(1 + random.nextInt(50));
            BigInteger k = challenge(r, s.key().encoded(), msg);
            Member bad = new Member(Kind.R_NON_CANONICAL, s.key(), msg, 0, msg.length, signature(r, k.multiply(s.secret()).mod(L)), false);
            for (int size : new int[] {1, 2, 40}) {
                List<Member> members = new ArrayList<>();
                for (int i = 0; i < size - 1; i++) {
                    members.add(member(Kind.HONEST, members));
                }
                members.add(random.nextInt(members.size() + 1), bad);
                String where = "R " + Hex.encode(r) + " in a batch of " + size;
                checkAgainstRule(batch, members, where);
                assertFalse(batch.verifyAll(), where + " seed " + SEED);
            }
        }
    }

    /**
     * A batch in which one invalid signature appears many times: the weights of equal members add up
     * (z1 + z2 + ... < L, never 0 mod L), so the copies cannot cancel.
     */
    @Test
    void copiesOfOneInvalidSignatureNeverCancel() {
        SignatureBatch batch = new SignatureBatch(CAPACITY);
        for (Kind kind : new Kind[] {Kind.R_TORSION_BAD_S, Kind.WRONG_MESSAGE, Kind.R_SMALL_ORDER_BAD_S, Kind.TORSION_KEY_BAD_S}) {
            for (int copies : new int[] {2, 3, 64, 299}) {
                Member bad = member(kind, List.of());
                batch.clear();
                for (int i = 0; i < copies; i++) {
                    batch.add(bad.key(), bad.message(), bad.offset(), bad.length(), bad.signature());
                }
                byte[] honest = bytes(17);
                batch.add(signers.get(0).key(), honest, 0, honest.length, signers.get(0).pair().sign(honest));
                String where = kind + " x" + copies + " seed " + SEED;
                assertFalse(bad.rule(), where);
                assertFalse(batch.verifyAll(), where);
                boolean[] valid = new boolean[CAPACITY];
                assertFalse(batch.verifyEach(valid), where);
                for (int i = 0; i < copies; i++) {
                    assertFalse(valid[i], where + " member " + i);
                }
                assertTrue(valid[copies], where + " the honest one");
            }
        }
    }

    /**
     * Invalid signatures built to cancel each other in an unweighted sum: S_1 + d, S_2 - d (and three-way
     * splits d_1 + d_2 + d_3 = 0). Only the secret random weights stop them; with them the batch must fail
     * and each forged member must be refused, its honest batch-mates accepted.
     */
    @Test
    void errorsThatCancelInAnUnweightedSumAreCaught() {
        SignatureBatch batch = new SignatureBatch(CAPACITY);
        for (int round = 0; round < 20; round++) {
            int parts = 2 + round % 2;
            BigInteger[] deltas = new BigInteger[parts];
            BigInteger sum = BigInteger.ZERO;
            for (int i = 0; i < parts - 1; i++) {
                deltas[i] = new BigInteger(252, random).add(BigInteger.ONE);
                sum = sum.add(deltas[i]);
            }
            deltas[parts - 1] = sum.negate().mod(L);
            List<Member> members = new ArrayList<>();
            int honest = round < 10 ? 0 : random.nextInt(60);
            for (int i = 0; i < honest; i++) {
                members.add(member(Kind.HONEST, members));
            }
            for (BigInteger delta : deltas) {
                Member m = member(Kind.HONEST, members);
                BigInteger forged = ScalarModL.fromLittleEndian(m.signature(), 32, 32).add(delta).mod(L);
                Member bad = new Member(Kind.S_EDGE, m.key(), m.message(), m.offset(), m.length(),
                        signature(Arrays.copyOf(m.signature(), 32), forged), false);
                members.add(random.nextInt(members.size() + 1), bad);
            }
            String where = parts + "-way cancelling forgery among " + honest + " honest, round " + round;
            checkAgainstRule(batch, members, where);
            assertFalse(batch.verifyAll(), where + " seed " + SEED);
        }
    }

    /**
     * A member that makes the batch throw (a message range outside its array) must not change later
     * batches. It once did: SignatureBatch.challenge had fed R and A into the shared SHA-512 when the
     * message update threw, the digest was never reset, and the next batch's first challenge hashed the
     * stale 64 bytes too, so verifyAll refused a valid batch (verifyEach then fell back to the rule, so
     * its verdicts stayed right, but the batch's fast path was lost and verifyAll was wrong).
     */
    @Test
    void aBatchThatThrowsDoesNotPoisonTheNextOne() {
        SignatureBatch batch = new SignatureBatch(8);
        Signer s = signers.get(0);
        byte[] msg = bytes(40);
        byte[] sig = s.pair().sign(msg);
        batch.add(s.key(), msg, 0, msg.length, sig);
        batch.add(s.key(), msg, 10, msg.length, sig); // out of range
        assertThrows(RuntimeException.class, batch::verifyAll, "an out-of-range message must throw");
        batch.clear();
        for (int i = 0; i < 3; i++) {
            byte[] m = bytes(20 + i);
            batch.add(s.key(), m, 0, m.length, s.pair().sign(m));
        }
        assertTrue(batch.verifyAll(), "a valid batch after a throwing one; seed " + SEED);
    }

    // ---------------------------------------------------------------------------------------------
    // 2. Public keys

    @Test
    void smallOrderAndNonCanonicalPublicKeysAreRefused() {
        for (String hex : SMALL_ORDER_HEX) {
            assertRefusedKey(Hex.decode(hex), "small-order key " + hex);
        }
        for (String hex : X_ZERO_SIGN_SET) {
            assertRefusedKey(Hex.decode(hex), "x = 0 with the sign bit set " + hex);
        }
        for (int j = 0; j < 19; j++) { // every y in [p, 2^255), both signs
            for (int sign = 0; sign < 2; sign++) {
                byte[] enc = ScalarModL.toLittleEndian(P.add(BigInteger.valueOf(j)), 32);
                enc[31] |= (byte) (sign << 7);
                assertRefusedKey(enc, "non-canonical y = p + " + j + " sign " + sign);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> PublicKey.decode(null));
        assertThrows(IllegalArgumentException.class, () -> PublicKey.decode(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> PublicKey.decode(new byte[33]));
        int accepted = 0;
        for (int i = 0; i < 200; i++) {
            byte[] enc = bytes(32);
            PublicKey key;
            try {
                key = PublicKey.decode(enc);
            } catch (IllegalArgumentException e) {
                continue;
            }
            accepted++;
            assertArrayEquals(enc, ops.encode(key.point()), "an accepted key is canonical; seed " + SEED + " " + Hex.encode(enc));
            EdwardsPoint eight = new EdwardsPoint().set(key.point());
            ops.dbl(eight, eight);
            ops.dbl(eight, eight);
            ops.dbl(eight, eight);
            assertFalse(ops.isIdentity(eight), "an accepted key is not of small order; seed " + SEED);
        }
        assertTrue(accepted > 50, "about half of random y are on the curve; got " + accepted + " seed " + SEED);
    }

    private static void assertRefusedKey(byte[] enc, String what) {
        assertThrows(IllegalArgumentException.class, () -> PublicKey.decode(enc), what + " must be refused");
    }

    /**
     * A' = A + T (T of order 2, 4 or 8) is accepted by PublicKey.decode (Bouncy Castle's partial
     * validation refuses only the small-order points themselves). That is pinned here because changing it
     * changes which txs are valid. Whoever knows a signs for A' with S = r + H(R || A' || M) a, valid under
     * the cofactored equation; batch and rule must agree on those and on broken ones.
     */
    @Test
    void keysWithATorsionComponentAreAcceptedAndJudgedAlikeInBatches() {
        for (int t = 1; t < 8; t++) {
            Signer s = signers.get(t % signers.size());
            EdwardsPoint mixed = new EdwardsPoint();
            ops.add(s.key().point(), torsion[t], mixed);
            byte[] enc = ops.encode(mixed);
            PublicKey key = PublicKey.decode(enc); // throws if refused
            assertArrayEquals(enc, key.encoded());
            Signer torsioned = new Signer(null, s.secret(), key);

            SignatureBatch batch = new SignatureBatch(40);
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] msg = bytes(1 + random.nextInt(60));
                members.add(crafted(Kind.TORSION_KEY, torsioned, msg, torsion[random.nextInt(8)], BigInteger.ZERO, true));
                byte[] other = bytes(30);
                members.add(new Member(Kind.HONEST, s.key(), other, 0, other.length, s.pair().sign(other), true));
            }
            checkAgainstRule(batch, members, "torsion key T" + t + " all valid");
            assertTrue(batch.verifyAll(), "torsion key T" + t + " seed " + SEED);

            byte[] msg = bytes(10);
            members.set(5, crafted(Kind.TORSION_KEY_BAD_S, torsioned, msg, torsion[0], BigInteger.ONE, false));
            // The honest signature by A is not a signature by A' (k differs), nor the other way round.
            members.set(6, new Member(Kind.WRONG_KEY, key, msg, 0, msg.length, s.pair().sign(msg), false));
            checkAgainstRule(batch, members, "torsion key T" + t + " with bad ones");
            assertFalse(batch.verifyAll(), "torsion key T" + t + " seed " + SEED);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 3. Multi-scalar multiplication edge cases against double-and-add

    @Test
    void multiScalarMulHandlesEdgeScalarsAndDegeneratePoints() {
        MultiScalarMul msm = new MultiScalarMul(ops); // one instance: sizes go up and down to exercise growth
        int[] sizes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 300, 1, 20, 7, 80, 2, 513, 3, 200, 1000, 5};
        for (int round = 0; round < sizes.length; round++) {
            int n = sizes[round];
            int c = MultiScalarMul.windowBits(n);
            for (int trial = 0; trial < (n <= 10 ? 12 : 2); trial++) {
                EdwardsPoint[] points = new EdwardsPoint[n];
                BigInteger[] k = new BigInteger[n];
                for (int i = 0; i < n; i++) {
                    points[i] = degeneratePoint(i == 0 ? null : points[random.nextInt(i)]);
                    k[i] = edgeScalar(c);
                }
                if (n >= 2 && trial % 3 == 1) { // P and -P with equal scalars: sum is the identity
                    points[1] = new EdwardsPoint().setNegated(points[0]);
                    k[1] = k[0];
                }
                checkMsm(msm, points, k, "n=" + n + " c=" + c + " trial " + trial + " seed " + SEED);
            }
        }
    }

    @Test
    void multiScalarMulOfAllZeroScalarsAndOfOnePointRepeatedIsExact() {
        MultiScalarMul msm = new MultiScalarMul(ops);
        EdwardsPoint q = noncePoints.get(0);
        for (int n : new int[] {1, 9, 300, 700}) {
            EdwardsPoint[] points = new EdwardsPoint[n];
            BigInteger[] zero = new BigInteger[n];
            BigInteger[] top = new BigInteger[n];
            Arrays.fill(points, q);
            Arrays.fill(zero, BigInteger.ZERO);
            Arrays.fill(top, BigInteger.TWO.pow(256).subtract(BigInteger.ONE));
            checkMsm(msm, points, zero, "zero scalars n=" + n);
            checkMsm(msm, points, top, "2^256-1 on one point n=" + n);
        }
    }

    /**
     * Window widths 8 to 12 need thousands of terms (SignatureBatch's constructor takes any capacity, so
     * they are reachable). The points repeat from a small pool, which keeps the reference cheap; the
     * bucket method still sees every term separately.
     */
    @Test
    void multiScalarMulIsExactAtTheWidestWindows() {
        MultiScalarMul msm = new MultiScalarMul(ops);
        List<EdwardsPoint> pool = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            pool.add(degeneratePoint(i == 0 ? null : pool.get(random.nextInt(i))));
        }
        for (int n : new int[] {1500, 3000, 5000, 12000, 21000}) {
            int c = MultiScalarMul.windowBits(n);
            EdwardsPoint[] points = new EdwardsPoint[n];
            BigInteger[] k = new BigInteger[n];
            for (int i = 0; i < n; i++) {
                points[i] = pool.get(random.nextInt(pool.size()));
                k[i] = edgeScalar(c);
            }
            checkMsm(msm, points, k, "n=" + n + " c=" + c + " seed " + SEED);
        }
        assertEquals(12, MultiScalarMul.windowBits(21000), "the widest window was reached");
    }

    /** A point for an MSM: random [r]B, the identity, a small-order point, [r]B + T, or a repeat / negation of an earlier one. */
    private EdwardsPoint degeneratePoint(EdwardsPoint earlier) {
        int pick = random.nextInt(10);
        if (pick == 3 && earlier != null) {
            return earlier; // the very same point object again
        }
        EdwardsPoint p = new EdwardsPoint();
        switch (pick) {
            case 0 -> p.setIdentity();
            case 1 -> p.set(torsion[random.nextInt(8)]);
            case 2 -> ops.add(noncePoints.get(random.nextInt(noncePoints.size())), torsion[1 + random.nextInt(7)], p);
            case 3 -> p.set(earlier != null ? earlier : base);
            case 4 -> p.setNegated(earlier != null ? earlier : base);
            case 5 -> p.set(base);
            default -> p.set(noncePoints.get(random.nextInt(noncePoints.size())));
        }
        return p;
    }

    /**
     * A 256-bit scalar chosen to stress the signed-digit recoding at window width c: 0, 1, L - 1, L, L + 1,
     * 2^255 - 1, 2^256 - 1, windows all equal to 2^(c-1) (the largest digit that does not carry),
     * 2^(c-1) + 1 and 2^c - 1 (a carry out of every window), or random.
     */
    private BigInteger edgeScalar(int c) {
        BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        return switch (random.nextInt(14)) {
            case 0 -> BigInteger.ZERO;
            case 1 -> BigInteger.ONE;
            case 2 -> L.subtract(BigInteger.ONE);
            case 3 -> L;
            case 4 -> L.add(BigInteger.ONE);
            case 5 -> BigInteger.TWO.pow(255).subtract(BigInteger.ONE);
            case 6 -> max;
            case 7 -> repeatedWindow(c, 1L << (c - 1)).and(max);
            case 8 -> repeatedWindow(c, (1L << (c - 1)) + 1).and(max);
            case 9 -> repeatedWindow(c, (1L << c) - 1).and(max);
            case 10 -> new BigInteger(128, random);
            case 11 -> max.subtract(BigInteger.valueOf(random.nextInt(1000)));
            default -> new BigInteger(256, random);
        };
    }

    private static BigInteger repeatedWindow(int c, long value) {
        BigInteger r = BigInteger.ZERO;
        for (int w = 0; w * c < 256; w++) {
            r = r.or(BigInteger.valueOf(value).shiftLeft(w * c));
        }
        return r;
    }

    /** The MSM against sum of double-and-add, with equal points grouped (by identity) to keep it cheap. */
    private void checkMsm(MultiScalarMul msm, EdwardsPoint[] points, BigInteger[] k, String where) {
        int n = points.length;
        int[][] words = new int[n][8];
        List<EdwardsPoint> distinct = new ArrayList<>();
        List<BigInteger> totals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ScalarModL.toWords(k[i], words[i]);
            int at = -1;
            for (int j = 0; j < distinct.size(); j++) {
                if (distinct.get(j) == points[i]) {
                    at = j;
                }
            }
            if (at < 0) {
                distinct.add(points[i]);
                totals.add(k[i]);
            } else {
                totals.set(at, totals.get(at).add(k[i]));
            }
        }
        EdwardsPoint expected = new EdwardsPoint().setIdentity();
        for (int j = 0; j < distinct.size(); j++) {
            ops.add(expected, times(ops, totals.get(j), distinct.get(j)), expected);
        }
        EdwardsPoint actual = new EdwardsPoint();
        msm.multiply(points, words, n, actual);
        assertArrayEquals(ops.encode(expected), ops.encode(actual), where);
    }

    // ---------------------------------------------------------------------------------------------
    // 4. Reordering and regrouping do not change any verdict

    @Test
    void verdictsDoNotDependOnOrderOrBatchSize() {
        List<Member> pool = batchOf(240, 2);
        // A few more valid small-order ones, so that whole valid sub-batches containing them occur.
        for (int i = 0; i < 30; i++) {
            pool.add(member(VALID_KINDS[random.nextInt(VALID_KINDS.length)], pool));
        }
        int n = pool.size();
        boolean[] rule = new boolean[n];
        for (int i = 0; i < n; i++) {
            rule[i] = pool.get(i).rule();
        }
        SignatureBatch batch = new SignatureBatch(CAPACITY);
        boolean[] chunkVerdicts = new boolean[CAPACITY];
        int[] chunkSizes = {1, 2, 3, 7, 64, n, -1, -1, -1, -1, -1, -1};
        for (int trial = 0; trial < chunkSizes.length; trial++) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            boolean[] verdict = new boolean[n];
            int at = 0;
            while (at < n) {
                int size = chunkSizes[trial] > 0 ? chunkSizes[trial] : 1 + random.nextInt(120);
                int end = Math.min(n, at + size);
                batch.clear();
                for (int j = at; j < end; j++) {
                    Member m = pool.get(order.get(j));
                    batch.add(m.key(), m.message(), m.offset(), m.length(), m.signature());
                }
                batch.verifyEach(chunkVerdicts);
                for (int j = at; j < end; j++) {
                    verdict[order.get(j)] = chunkVerdicts[j - at];
                }
                at = end;
            }
            for (int i = 0; i < n; i++) {
                assertEquals(rule[i], verdict[i], "member " + i + " " + pool.get(i).kind() + " trial " + trial + " seed " + SEED);
            }
        }
    }

    /**
     * Batches on two threads at once share the PublicKey objects (and their decoded points), as the
     * per-thread batches of TxSignatures do through the key cache: verdicts must still be the rule's.
     */
    @Test
    void batchesOnTwoThreadsSharingKeysAgreeWithTheRule() throws Exception {
        List<List<Member>> work = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            work.add(batchOf(1 + random.nextInt(120), i % 4));
        }
        boolean[][] rule = new boolean[work.size()][];
        for (int b = 0; b < work.size(); b++) {
            rule[b] = new boolean[work.get(b).size()];
            for (int i = 0; i < rule[b].length; i++) {
                rule[b][i] = work.get(b).get(i).rule();
            }
        }
        boolean[][] seen = new boolean[work.size()][];
        Thread[] threads = new Thread[2];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads.length; t++) {
            int first = t;
            threads[t] = new Thread(() -> {
                try {
                    SignatureBatch batch = new SignatureBatch(CAPACITY);
                    for (int round = 0; round < 3; round++) {
                        for (int b = first; b < work.size(); b += threads.length) {
                            batch.clear();
                            for (Member m : work.get(b)) {
                                batch.add(m.key(), m.message(), m.offset(), m.length(), m.signature());
                            }
                            boolean[] verdicts = new boolean[work.get(b).size()];
                            batch.verifyEach(verdicts);
                            seen[b] = verdicts;
                            assertArrayEquals(rule[b], verdicts, "batch " + b + " round " + round + " seed " + SEED);
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }, "batch-" + t);
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join(60_000);
            assertFalse(thread.isAlive(), thread.getName() + " finished");
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw new AssertionError("a batch thread failed", failure[0]);
            }
        }
        for (int b = 0; b < work.size(); b++) {
            assertArrayEquals(rule[b], seen[b], "batch " + b + " seed " + SEED);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Batch bookkeeping

    @Test
    void capacityClearAndSizeBehave() {
        SignatureBatch batch = new SignatureBatch(3);
        assertThrows(IllegalArgumentException.class, () -> new SignatureBatch(0));
        assertTrue(batch.verifyAll(), "an empty batch is valid");
        assertTrue(batch.verifyEach(new boolean[0]));
        Signer s = signers.get(1);
        byte[] msg = bytes(12);
        byte[] sig = s.pair().sign(msg);
        for (int i = 0; i < 3; i++) {
            batch.add(s.key(), msg, 0, msg.length, sig);
        }
        assertThrows(IllegalStateException.class, () -> batch.add(s.key(), msg, 0, msg.length, sig));
        assertEquals(3, batch.size());
        assertTrue(batch.verifyAll());
        batch.clear();
        assertEquals(0, batch.size());
        assertTrue(batch.verifyAll(), "cleared batch is empty again");
        byte[] bad = sig.clone();
        bad[40] ^= 1;
        batch.add(s.key(), msg, 0, msg.length, bad);
        assertFalse(batch.verifyAll(), "a batch of one is the rule");
        boolean[] one = {true};
        assertFalse(batch.verifyEach(one));
        assertFalse(one[0]);
        // A verdict given once stays the same when asked again (fresh weights each time).
        batch.clear();
        List<Member> members = batchOf(3, 3);
        for (Member m : members) {
            batch.add(m.key(), m.message(), m.offset(), m.length(), m.signature());
        }
        boolean first = batch.verifyAll();
        for (int i = 0; i < 5; i++) {
            assertEquals(first, batch.verifyAll(), "seed " + SEED);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Member factory

    /** n members: mode 0 all valid, 1 exactly one invalid, 2 half honest / half any kind, 3 two or three invalid. */
    private List<Member> batchOf(int n, int mode) {
        List<Member> members = new ArrayList<>(n);
        Set<Integer> bad = new HashSet<>();
        if (mode == 1) {
            bad.add(random.nextInt(n));
        } else if (mode == 3) {
            for (int i = 0; i < 2 + random.nextInt(2); i++) {
                bad.add(random.nextInt(n));
            }
        }
        for (int i = 0; i < n; i++) {
            Kind kind = switch (mode) {
                case 0 -> VALID_KINDS[random.nextInt(VALID_KINDS.length)];
                case 2 -> random.nextBoolean() ? Kind.HONEST : Kind.values()[random.nextInt(Kind.values().length)];
                default -> bad.contains(i) ? INVALID_KINDS[random.nextInt(INVALID_KINDS.length)]
                        : VALID_KINDS[random.nextInt(VALID_KINDS.length)];
            };
            Member m = member(kind, members);
            if (mode != 2 && kind == Kind.DUPLICATE && !m.byConstruction()) {
                m = member(Kind.HONEST, members); // keep the mode's promise about how many are bad
            }
            members.add(m);
        }
        return members;
    }

    private Member member(Kind kind, List<Member> earlier) {
        Signer s = signers.get(random.nextInt(signers.size()));
        int length = random.nextInt(200);
        int offset = random.nextInt(4);
        byte[] buffer = bytes(offset + length + random.nextInt(4));
        byte[] signed = Arrays.copyOfRange(buffer, offset, offset + length);
        return switch (kind) {
            case HONEST -> new Member(kind, s.key(), buffer, offset, length, s.pair().sign(signed), true);
            case HONEST_KEY_COPY -> new Member(kind, PublicKey.decode(s.key().encoded()), buffer, offset, length,
                    s.pair().sign(signed), true);
            case DUPLICATE -> earlier.isEmpty() ? member(Kind.HONEST, earlier) : duplicate(earlier.get(random.nextInt(earlier.size())));
            case TORSION_KEY, TORSION_KEY_BAD_S -> {
                Signer t = torsionSigners.get(random.nextInt(torsionSigners.size()));
                BigInteger delta = kind.valid ? BigInteger.ZERO : BigInteger.valueOf(1 + random.nextInt(1000));
                yield crafted(kind, t, buffer, offset, length, torsion[random.nextInt(8)], delta, kind.valid);
            }
            case R_SMALL_ORDER, R_SMALL_ORDER_BAD_S -> {
                // R = T alone (r = 0), S = k a: [8](T + [k]A - [ka]B) = [8]T = 0.
                BigInteger delta = kind.valid ? BigInteger.ZERO : BigInteger.valueOf(1 + random.nextInt(1000));
                byte[] r = Hex.decode(SMALL_ORDER_HEX[random.nextInt(8)]);
                BigInteger k = challenge(r, s.key().encoded(), signed);
                yield new Member(kind, s.key(), buffer, offset, length, signature(r, k.multiply(s.secret()).add(delta).mod(L)), kind.valid);
            }
            case R_TORSION, R_TORSION_BAD_S -> {
                BigInteger delta = kind.valid ? BigInteger.ZERO : BigInteger.valueOf(1 + random.nextInt(1000));
                yield crafted(kind, s, buffer, offset, length, torsion[1 + random.nextInt(7)], delta, kind.valid);
            }
            case WRONG_MESSAGE -> {
                byte[] sig = s.pair().sign(signed);
                if (length == 0) {
                    yield new Member(kind, s.key(), new byte[] {7}, 0, 1, sig, false);
                }
                buffer[offset + random.nextInt(length)] ^= (byte) (1 << random.nextInt(8));
                yield new Member(kind, s.key(), buffer, offset, length, sig, false);
            }
            case FLIPPED_BIT -> {
                byte[] sig = s.pair().sign(signed);
                int bit = random.nextInt(512);
                sig[bit >>> 3] ^= (byte) (1 << (bit & 7));
                yield new Member(kind, s.key(), buffer, offset, length, sig, false);
            }
            case S_PLUS_L -> {
                byte[] sig = s.pair().sign(signed);
                BigInteger plus = ScalarModL.fromLittleEndian(sig, 32, 32).add(L.multiply(BigInteger.valueOf(1 + random.nextInt(14))));
                yield new Member(kind, s.key(), buffer, offset, length, signature(Arrays.copyOf(sig, 32), plus), false);
            }
            case S_EDGE -> {
                BigInteger[] edges = {BigInteger.ZERO, BigInteger.ONE, L.subtract(BigInteger.ONE), L.subtract(BigInteger.TWO), L,
                    L.add(BigInteger.ONE), BigInteger.TWO.pow(252), BigInteger.TWO.pow(253).subtract(BigInteger.ONE),
                    BigInteger.TWO.pow(255).subtract(BigInteger.ONE), BigInteger.TWO.pow(256).subtract(BigInteger.ONE)};
                byte[] sig = s.pair().sign(signed);
                yield new Member(kind, s.key(), buffer, offset, length, signature(Arrays.copyOf(sig, 32), edges[random.nextInt(edges.length)]), false);
            }
            case R_NON_CANONICAL -> {
                byte[] r = ScalarModL.toLittleEndian(P.add(BigInteger.valueOf(random.nextInt(19))), 32);
                r[31] |= (byte) (random.nextInt(2) << 7);
                // S as if R were the point with y mod p: the only way such an R could ever pass.
                BigInteger k = challenge(r, s.key().encoded(), signed);
                yield new Member(kind, s.key(), buffer, offset, length, signature(r, k.multiply(s.secret()).mod(L)), false);
            }
            case R_X_ZERO_SIGN_SET -> {
                byte[] r = Hex.decode(X_ZERO_SIGN_SET[random.nextInt(2)]);
                BigInteger k = challenge(r, s.key().encoded(), signed);
                yield new Member(kind, s.key(), buffer, offset, length, signature(r, k.multiply(s.secret()).mod(L)), false);
            }
            case R_NOT_ON_CURVE -> {
                byte[] r;
                do {
                    r = bytes(32);
                    r[31] &= 0x3F; // canonical y
                } while (ops.decode(r, 0, new EdwardsPoint()));
                BigInteger k = challenge(r, s.key().encoded(), signed);
                yield new Member(kind, s.key(), buffer, offset, length, signature(r, k.multiply(s.secret()).mod(L)), false);
            }
            case BAD_LENGTH -> {
                byte[] sig = s.pair().sign(signed);
                int[] lengths = {0, 63, 65, 32, 128};
                yield new Member(kind, s.key(), buffer, offset, length, Arrays.copyOf(sig, lengths[random.nextInt(lengths.length)]), false);
            }
            case WRONG_KEY -> {
                Signer other = signers.get((signers.indexOf(s) + 1 + random.nextInt(signers.size() - 1)) % signers.size());
                yield new Member(kind, other.key(), buffer, offset, length, s.pair().sign(signed), false);
            }
        };
    }

    private static Member duplicate(Member m) {
        return new Member(Kind.DUPLICATE, m.key(), m.message(), m.offset(), m.length(), m.signature(), m.byConstruction());
    }

    private Member crafted(Kind kind, Signer s, byte[] msg, EdwardsPoint t, BigInteger delta, boolean valid) {
        return crafted(kind, s, msg, 0, msg.length, t, delta, valid);
    }

    /** R = [r]B + T and S = r + k a + delta, k = H(R || A || M) with A the signer's (maybe torsioned) key. */
    private Member crafted(Kind kind, Signer s, byte[] buffer, int offset, int length, EdwardsPoint t, BigInteger delta,
                           boolean valid) {
        int i = random.nextInt(nonceScalars.size());
        int j = random.nextInt(nonceScalars.size());
        EdwardsPoint r = new EdwardsPoint();
        ops.add(noncePoints.get(i), noncePoints.get(j), r);
        ops.add(r, t, r);
        byte[] rBytes = ops.encode(r);
        BigInteger k = challenge(rBytes, s.key().encoded(), Arrays.copyOfRange(buffer, offset, offset + length));
        BigInteger sum = nonceScalars.get(i).add(nonceScalars.get(j)).add(k.multiply(s.secret())).add(delta).mod(L);
        return new Member(kind, s.key(), buffer, offset, length, signature(rBytes, sum), valid);
    }

    private void checkAgainstRule(SignatureBatch batch, List<Member> members, String where) {
        batch.clear();
        boolean all = true;
        boolean[] rule = new boolean[members.size()];
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            rule[i] = m.rule();
            if (m.byConstruction() != null && m.byConstruction() != rule[i]) {
                fail("the rule on " + m.kind() + " member " + i + " says " + rule[i] + "; " + where + " seed " + SEED);
            }
            all &= rule[i];
            batch.add(m.key(), m.message(), m.offset(), m.length(), m.signature());
        }
        boolean[] valid = new boolean[members.size()];
        assertEquals(all, batch.verifyEach(valid), where + " seed " + SEED);
        for (int i = 0; i < members.size(); i++) {
            assertEquals(rule[i], valid[i], "member " + i + " " + members.get(i).kind() + "; " + where + " seed " + SEED);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Reference arithmetic, independent of the code under test where it matters

    /** 64 bytes: R, then S little-endian in 32 bytes (any value below 2^256). */
    private static byte[] signature(byte[] r, BigInteger s) {
        byte[] sig = new byte[64];
        System.arraycopy(r, 0, sig, 0, 32);
        System.arraycopy(ScalarModL.toLittleEndian(s, 32), 0, sig, 32, 32);
        return sig;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
