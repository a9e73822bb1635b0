package org.wishledger.ledger.crypto;

import static org.wishledger.ledger.crypto.Ed25519Reference.challenge;
import static org.wishledger.ledger.crypto.Ed25519Reference.secretScalar;
import static org.wishledger.ledger.crypto.Ed25519Reference.times;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Batch verification against one-at-a-time verification: the multi-scalar multiplication against plain
 * double-and-add, valid batches of many sizes, every kind of corruption, and signatures built with a
 * small-order component in R, on which a batch must agree with the single-signature rule.
 */
class SignatureBatchTest {
    private static final long SEED = 20261127L;
    /** A point of order 8 (one of the eight small-order points of edwards25519). */
    private static final byte[] ORDER_8 = Hex.decode("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");

    private final EdwardsArithmetic ops = new EdwardsArithmetic();
    private final Random random = new Random(SEED);

    @Test
    void basePointHasOrderLAndPublicKeysAreScalarMultiplesOfIt() {
        EdwardsPoint base = ops.basePoint();
        assertEquals("5866666666666666666666666666666666666666666666666666666666666666", Hex.encode(ops.encode(base)));
        assertTrue(ops.isIdentity(times(ops, ScalarModL.L, base)), "[L]B must be the identity");
        for (int i = 0; i < 5; i++) {
            byte[] seed = bytes(32);
            KeyPair key = KeyPair.fromSeed(seed);
            assertEquals(Hex.encode(key.publicKey().encoded()), Hex.encode(ops.encode(times(ops, secretScalar(seed), base))),
                    "seed " + SEED);
        }
    }

    @Test
    void multiScalarMultiplicationMatchesDoubleAndAdd() {
        MultiScalarMul msm = new MultiScalarMul(ops);
        EdwardsPoint base = ops.basePoint();
        for (int n : new int[] {1, 2, 3, 7, 33, 130}) {
            EdwardsPoint[] points = new EdwardsPoint[n];
            int[][] scalars = new int[n][8];
            EdwardsPoint expected = new EdwardsPoint().setIdentity();
            for (int i = 0; i < n; i++) {
                points[i] = times(ops, new BigInteger(252, random), base);
                BigInteger k = i % 3 == 0 ? new BigInteger(128, random) : new BigInteger(256, random);
                ScalarModL.toWords(k, scalars[i]);
                ops.add(expected, times(ops, k, points[i]), expected);
            }
            EdwardsPoint actual = new EdwardsPoint();
            msm.multiply(points, scalars, n, actual);
            assertArrayEquals(ops.encode(expected), ops.encode(actual), "n=" + n + " seed " + SEED);
        }
    }

    @Test
    void validBatchesOfEverySizeVerify() {
        List<KeyPair> keys = keys(5);
        for (int n : new int[] {0, 1, 2, 3, 16, 64, 257}) {
            SignatureBatch batch = new SignatureBatch(Math.max(n, 1));
            for (int i = 0; i < n; i++) {
                KeyPair key = keys.get(random.nextInt(keys.size()));
                byte[] msg = bytes(random.nextInt(300));
                batch.add(key.publicKey(), msg, 0, msg.length, key.sign(msg));
            }
            assertTrue(batch.verifyAll(), "batch of " + n + " seed " + SEED);
            boolean[] valid = new boolean[Math.max(n, 1)];
            assertTrue(batch.verifyEach(valid), "batch of " + n + " seed " + SEED);
        }
    }

    @Test
    void oneBadSignatureFailsTheBatchAndIsPinpointed() {
        List<KeyPair> keys = keys(4);
        String[] corruptions = {"message", "R", "S", "other key", "S + L", "short"};
        // Below SMALLEST_COMBINED each signature is checked alone, from it on the combined check runs first.
        for (int n : new int[] {2, SignatureBatch.SMALLEST_COMBINED - 1, SignatureBatch.SMALLEST_COMBINED, 40}) {
            for (String corruption : corruptions) {
                int bad = random.nextInt(n);
                SignatureBatch batch = new SignatureBatch(n);
                for (int i = 0; i < n; i++) {
                    KeyPair key = keys.get(i % keys.size());
                    byte[] msg = ("wish " + i).getBytes(StandardCharsets.UTF_8);
                    byte[] sig = key.sign(msg);
                    PublicKey signer = key.publicKey();
                    if (i == bad) {
                        switch (corruption) {
                            case "message" -> msg[0] ^= 1;
                            case "R" -> sig[3] ^= 4;
                            case "S" -> sig[40] ^= 1;
                            case "other key" -> signer = keys.get((i + 1) % keys.size()).publicKey();
                            case "S + L" -> sig = withS(sig, ScalarModL.fromLittleEndian(sig, 32, 32).add(ScalarModL.L));
                            case "short" -> sig = java.util.Arrays.copyOf(sig, 63);
                            default -> throw new AssertionError(corruption);
                        }
                        assertFalse(signer.verify(msg, sig), corruption + ": the single check must refuse it");
                    }
                    batch.add(signer, msg, 0, msg.length, sig);
                }
                assertFalse(batch.verifyAll(), corruption + " at " + bad + " seed " + SEED);
                boolean[] valid = new boolean[n];
                assertFalse(batch.verifyEach(valid));
                for (int i = 0; i < n; i++) {
                    assertEquals(i != bad, valid[i], corruption + ": signature " + i + " (bad one: " + bad + ") seed " + SEED);
                }
            }
        }
    }

    @Test
    void nonCanonicalREncodingIsRefused() {
        KeyPair key = keys(1).get(0);
        byte[] msg = bytes(10);
        byte[] sig = key.sign(msg);
        // y = p + 1 encodes the identity's y = 1 non-canonically.
        byte[] r = Hex.decode("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        System.arraycopy(r, 0, sig, 0, 32);
        assertFalse(key.publicKey().verify(msg, sig));
        assertFalse(ops.decode(r, 0, new EdwardsPoint()));
    }

    /**
     * R = [r]B + T with T of order 8 and S = r + k a: the cofactored equation holds, the cofactorless one
     * does not. The ledger's rule (Bouncy Castle's verify) must accept them, because the batch equation
     * does: if a Bouncy Castle upgrade ever turned cofactorless, this test is what catches the split.
     */
    @Test
    void smallOrderComponentInRIsJudgedTheSameAloneAndInABatch() {
        EdwardsPoint torsion = new EdwardsPoint();
        assertTrue(ops.decode(ORDER_8, 0, torsion));
        assertTrue(ops.isIdentity(times(ops, BigInteger.valueOf(8), torsion)), "T has order dividing 8");
        assertFalse(ops.isIdentity(times(ops, BigInteger.valueOf(4), torsion)), "T has order exactly 8");

        byte[] seed = bytes(32);
        KeyPair key = KeyPair.fromSeed(seed);
        List<byte[]> messages = new ArrayList<>();
        List<byte[]> crafted = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            byte[] msg = ("torsion " + i).getBytes(StandardCharsets.UTF_8);
            byte[] sig = torsionSignature(seed, key.publicKey(), msg, torsion, true);
            assertTrue(key.publicKey().verify(msg, sig), "the rule accepts a cofactored-valid signature; seed " + SEED);
            messages.add(msg);
            crafted.add(sig);
        }

        for (int round = 0; round < 10; round++) {
            SignatureBatch batch = new SignatureBatch(64);
            for (int i = 0; i < crafted.size(); i++) {
                batch.add(key.publicKey(), messages.get(i), 0, messages.get(i).length, crafted.get(i));
                byte[] honest = bytes(20);
                batch.add(key.publicKey(), honest, 0, honest.length, key.sign(honest));
            }
            assertTrue(batch.verifyAll(), "round " + round + " seed " + SEED);
        }

        byte[] msg = "torsion, wrong S".getBytes(StandardCharsets.UTF_8);
        byte[] forged = torsionSignature(seed, key.publicKey(), msg, torsion, false);
        assertFalse(key.publicKey().verify(msg, forged));
        SignatureBatch batch = new SignatureBatch(SignatureBatch.SMALLEST_COMBINED); // large enough to be combined
        batch.add(key.publicKey(), msg, 0, msg.length, forged);
        for (int i = 1; i < SignatureBatch.SMALLEST_COMBINED; i++) {
            batch.add(key.publicKey(), messages.get(i), 0, messages.get(i).length, crafted.get(i));
        }
        assertFalse(batch.verifyAll());
    }

    /** A signature whose R carries the torsion point; with {@code valid} false, S is off by one. */
    private byte[] torsionSignature(byte[] seed, PublicKey pub, byte[] msg, EdwardsPoint torsion, boolean valid) {
        BigInteger r = new BigInteger(250, random);
        EdwardsPoint bigR = times(ops, r, ops.basePoint());
        ops.add(bigR, torsion, bigR);
        byte[] rBytes = ops.encode(bigR);
        BigInteger k = challenge(rBytes, pub.encoded(), msg);
        BigInteger s = r.add(k.multiply(secretScalar(seed))).add(valid ? BigInteger.ZERO : BigInteger.ONE).mod(ScalarModL.L);
        byte[] sig = new byte[64];
        System.arraycopy(rBytes, 0, sig, 0, 32);
        return withS(sig, s);
    }

    private static byte[] withS(byte[] sig, BigInteger s) {
        byte[] out = java.util.Arrays.copyOf(sig, 64);
        System.arraycopy(ScalarModL.toLittleEndian(s, 32), 0, out, 32, 32);
        return out;
    }

    private List<KeyPair> keys(int n) {
        List<KeyPair> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(KeyPair.fromSeed(bytes(32)));
        }
        return keys;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
