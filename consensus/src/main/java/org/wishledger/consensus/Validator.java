package org.wishledger.consensus;

import com.google.protobuf.ByteString;
import org.wishledger.ledger.crypto.PublicKey;

/**
 * One member of a validator set: its 20-byte address, its decoded Ed25519 key (kept decoded because
 * decoding is a large share of a verify) and its voting power.
 */
public record Validator(String name, ByteString address, PublicKey publicKey, long power) {
    public Validator {
        if (address == null || address.size() != org.wishledger.ledger.crypto.Address.LENGTH) {
            throw new IllegalArgumentException("validator address must be 20 bytes");
        }
        if (power <= 0) {
            throw new IllegalArgumentException("validator power must be positive: " + power);
        }
    }

    public static Validator of(String name, PublicKey key, long power) {
        return new Validator(name, ByteString.copyFrom(key.address()), key, power);
    }
}
