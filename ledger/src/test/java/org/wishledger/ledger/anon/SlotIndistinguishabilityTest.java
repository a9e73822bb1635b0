package org.wishledger.ledger.anon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Proofs spending slot 0 and slot 1,023 of the same bucket (all base-4 digits 0 against all digits 3,
 * the two most different indices) have the same length and a simple classifier cannot tell them apart.
 *
 * <p>The classifier is nearest-centroid over the 16 of the proof's 8,192 bits whose frequencies differ
 * most between the classes in the training half, tested on the other half. Under "no information" its accuracy is Binomial(test size, 1/2); 25 or more
 * right out of 32 has probability about 0.1%. A positive control shows the same classifier does find a
 * leak of a single byte, so "chance accuracy" is not just a blind classifier.
 */
class SlotIndistinguishabilityTest {
    private static final long SEED = 20261204L;
    private static final int PER_CLASS = 32;
    private static final int FEATURES = 16;

    @Test
    void firstAndLastSlotProofsAreIndistinguishable() {
        TriptychGenerators gens = new TriptychGenerators(TriptychParams.LEDGER);
        RingFixture fx = new RingFixture(gens, 1, 3, SEED);
        TriptychProver prover = new TriptychProver(gens);
        Random random = new Random(SEED);
        byte[][] first = new byte[PER_CLASS][];
        byte[][] last = new byte[PER_CLASS][];
        for (int i = 0; i < PER_CLASS; i++) {
            first[i] = prover.prove(fx.statement(0, RingFixture.body("a" + i)), 0, fx.secrets[0], random);
            last[i] = prover.prove(fx.statement(1023, RingFixture.body("b" + i)), 1023, fx.secrets[1023], random);
            assertEquals(first[i].length, last[i].length, "equal length");
        }
        double accuracy = centroidAccuracy(first, last);
        System.out.println("slot 0 vs slot 1023: classifier accuracy " + accuracy + " on " + PER_CLASS + " test proofs");
        assertTrue(accuracy < 25.0 / 32 && accuracy > 7.0 / 32,
                "slot 0 vs slot 1023 classified with accuracy " + accuracy + " (chance is 0.5), seed " + SEED);

        byte[][] leaky = new byte[PER_CLASS][];
        for (int i = 0; i < PER_CLASS; i++) { // control: the last slot's proofs leak one byte
            leaky[i] = last[i].clone();
            leaky[i][600] = (byte) 0xFF;
            first[i][600] = 0;
        }
        assertTrue(centroidAccuracy(first, leaky) > 0.95, "the classifier finds a one-byte leak");
    }

    /** Train on the first half of each class (bit frequencies, the 16 most different bits), test on the second. */
    private static double centroidAccuracy(byte[][] a, byte[][] b) {
        int half = a.length / 2;
        int bits = a[0].length * 8;
        double[] ca = new double[bits];
        double[] cb = new double[bits];
        for (int i = 0; i < half; i++) {
            addBits(a[i], ca);
            addBits(b[i], cb);
        }
        Integer[] order = new Integer[bits];
        for (int i = 0; i < bits; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(Math.abs(ca[y] - cb[y]), Math.abs(ca[x] - cb[x])));
        int[] features = new int[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
            features[i] = order[i];
        }
        int right = 0;
        for (int i = half; i < a.length; i++) {
            right += closerToFirst(a[i], features, ca, cb, half) ? 1 : 0;
            right += closerToFirst(b[i], features, ca, cb, half) ? 0 : 1;
        }
        return right / (2.0 * (a.length - half));
    }

    private static void addBits(byte[] proof, double[] centroid) {
        for (int i = 0; i < centroid.length; i++) {
            centroid[i] += (proof[i >>> 3] >>> (i & 7)) & 1;
        }
    }

    private static boolean closerToFirst(byte[] proof, int[] features, double[] ca, double[] cb, int trained) {
        double da = 0;
        double db = 0;
        for (int i : features) {
            double x = ((proof[i >>> 3] >>> (i & 7)) & 1) * (double) trained;
            da += (x - ca[i]) * (x - ca[i]);
            db += (x - cb[i]) * (x - cb[i]);
        }
        return da < db;
    }
}
