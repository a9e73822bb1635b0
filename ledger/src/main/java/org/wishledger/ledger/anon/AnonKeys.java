package org.wishledger.ledger.anon;

import java.math.BigInteger;
import java.util.Random;
import org.wishledger.ledger.crypto.ScalarModL;

/**
 * A note's secret r (a non-zero scalar), its public key M = r·G (what a deposit publishes) and its tag
 * J = r^-1·U (what a spend publishes). Only the holder of r can link the two. Not thread-safe.
 */
public final class AnonKeys {
    private final TriptychGenerators generators;
    private final PointMath math = new PointMath();

    public AnonKeys(TriptychGenerators generators) {
        this.generators = generators;
    }

    /** A fresh uniformly random non-zero secret (wide reduction of 64 random bytes). */
    public static BigInteger newSecret(Random random) {
        while (true) {
            BigInteger r = randomScalar(random);
            if (r.signum() != 0) {
                return r;
            }
        }
    }

    static BigInteger randomScalar(Random random) {
        byte[] wide = new byte[64];
        random.nextBytes(wide);
        return ScalarModL.fromLittleEndian(wide, 0, 64).mod(ScalarModL.L);
    }

    public byte[] noteKey(BigInteger secret) {
        return math.group.encode(math.times(check(secret), generators.g()));
    }

    public byte[] tag(BigInteger secret) {
        return math.group.encode(math.times(check(secret).modInverse(ScalarModL.L), generators.u()));
    }

    private static BigInteger check(BigInteger secret) {
        if (secret.signum() <= 0 || secret.compareTo(ScalarModL.L) >= 0) {
            throw new IllegalArgumentException("a note secret is a scalar in [1, L)");
        }
        return secret;
    }
}
