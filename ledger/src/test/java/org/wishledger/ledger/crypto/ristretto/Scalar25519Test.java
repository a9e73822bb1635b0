package org.wishledger.ledger.crypto.ristretto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.crypto.ScalarModL;

/** The Montgomery arithmetic against BigInteger, with edge values (0, 1, L-1, 2^252, 2^128) and random ones. */
class Scalar25519Test {
    private static final BigInteger L = ScalarModL.L;

    @Test
    void agreesWithBigInteger() {
        long seed = 9496L;
        Random random = new Random(seed);
        BigInteger[] edges = {BigInteger.ZERO, BigInteger.ONE, L.subtract(BigInteger.ONE), BigInteger.TWO.pow(252),
                BigInteger.TWO.pow(128).subtract(BigInteger.ONE), L.subtract(BigInteger.TWO)};
        long[] a = Scalar25519.create();
        long[] b = Scalar25519.create();
        long[] r = Scalar25519.create();
        long[] out = Scalar25519.create();
        for (int round = 0; round < 20_000; round++) {
            BigInteger x = round < 36 ? edges[round / 6] : new BigInteger(253, random).mod(L);
            BigInteger y = round < 36 ? edges[round % 6] : new BigInteger(253, random).mod(L);
            Scalar25519.toMontgomery(Scalar25519.limbs(x), a);
            Scalar25519.toMontgomery(Scalar25519.limbs(y), b);
            Scalar25519.mul(a, b, r);
            Scalar25519.fromMontgomery(r, out);
            assertEquals(x.multiply(y).mod(L), Scalar25519.toBigInteger(out), "mul, seed " + seed);
            Scalar25519.add(a, b, r);
            Scalar25519.fromMontgomery(r, out);
            assertEquals(x.add(y).mod(L), Scalar25519.toBigInteger(out), "add, seed " + seed);
            Scalar25519.sub(a, b, r);
            Scalar25519.fromMontgomery(r, out);
            assertEquals(x.subtract(y).mod(L), Scalar25519.toBigInteger(out), "sub, seed " + seed);
        }
    }

    @Test
    void canonicalDecodingRefusesLAndAbove() {
        long[] r = Scalar25519.create();
        assertFalse(Scalar25519.decodeCanonical(ScalarModL.toLittleEndian(L, 32), 0, r));
        assertFalse(Scalar25519.decodeCanonical(ScalarModL.toLittleEndian(L.add(BigInteger.ONE), 32), 0, r));
        assertFalse(Scalar25519.decodeCanonical(ScalarModL.toLittleEndian(BigInteger.TWO.pow(256).subtract(BigInteger.ONE), 32), 0, r));
        assertTrue(Scalar25519.decodeCanonical(ScalarModL.toLittleEndian(L.subtract(BigInteger.ONE), 32), 0, r));
        assertEquals(L.subtract(BigInteger.ONE), Scalar25519.toBigInteger(r));
    }
}
