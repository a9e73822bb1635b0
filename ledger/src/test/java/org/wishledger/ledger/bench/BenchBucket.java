package org.wishledger.ledger.bench;

import java.math.BigInteger;
import java.util.Random;
import org.wishledger.ledger.anon.AnonKeys;
import org.wishledger.ledger.anon.Ring;
import org.wishledger.ledger.anon.TriptychGenerators;
import org.wishledger.ledger.crypto.ristretto.Ristretto255;

/** A sealed bucket of 1,024 random notes whose secrets the benchmark knows (seeded). */
final class BenchBucket {
    final BigInteger[] secrets = new BigInteger[1024];
    final byte[] keys = new byte[32 * 1024];
    final AnonKeys anonKeys;

    BenchBucket(TriptychGenerators gens, Random random) {
        anonKeys = new AnonKeys(gens);
        for (int k = 0; k < 1024; k++) {
            secrets[k] = AnonKeys.newSecret(random);
            System.arraycopy(anonKeys.noteKey(secrets[k]), 0, keys, 32 * k, 32);
        }
    }

    Ring ring() {
        return Ring.of(1, 0, keys, new Ristretto255());
    }
}
