package org.wishledger.ledger.anon;

import java.math.BigInteger;
import java.util.Random;
import org.wishledger.ledger.crypto.ristretto.Ristretto255;

/** A bucket of random notes whose secrets the test knows, from a printed seed. */
final class RingFixture {
    static final String CHAIN = "wishledger-test";

    final TriptychGenerators gens;
    final BigInteger[] secrets;
    final Ring ring;

    RingFixture(TriptychGenerators gens, int denom, long bucketId, long seed) {
        this.gens = gens;
        Random random = new Random(seed);
        AnonKeys keys = new AnonKeys(gens);
        int size = gens.params().ringSize();
        secrets = new BigInteger[size];
        byte[] encoded = new byte[32 * size];
        for (int k = 0; k < size; k++) {
            secrets[k] = AnonKeys.newSecret(random);
            System.arraycopy(keys.noteKey(secrets[k]), 0, encoded, 32 * k, 32);
        }
        ring = Ring.of(denom, bucketId, encoded, new Ristretto255());
    }

    byte[] tag(int slot) {
        return new AnonKeys(gens).tag(secrets[slot]);
    }

    TriptychStatement statement(int slot, byte[] bodyHash) {
        return new TriptychStatement(CHAIN, ring, tag(slot), bodyHash);
    }

    static byte[] body(String text) {
        return org.wishledger.ledger.crypto.Sha256.hash(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
