package org.wishledger.ledger.crypto;

import java.util.Arrays;

/** Account and validator address: the first 20 bytes of SHA-256(Ed25519 public key). */
public final class Address {
    public static final int LENGTH = 20;

    private Address() {
    }

    public static byte[] of(byte[] publicKey) {
        return Arrays.copyOf(Sha256.hash(publicKey), LENGTH);
    }

    public static String hexOf(byte[] publicKey) {
        return Hex.encode(of(publicKey));
    }
}
