package org.wishledger.p2p;

import java.util.Random;
import org.wishledger.ledger.crypto.KeyPair;

/** Deterministic node keys for tests. */
public final class TestKeys {
    private TestKeys() {
    }

    public static KeyPair key(long seed) {
        byte[] bytes = new byte[32];
        new Random(seed).nextBytes(bytes);
        return KeyPair.fromSeed(bytes);
    }
}
