package org.wishledger.rules;

import java.util.concurrent.ConcurrentHashMap;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.crypto.PublicKey;

/**
 * Decoded Ed25519 public keys by their 32 bytes. Decoding (point decompression) is a large share of a
 * verify and active senders repeat, so keys are kept. Bounded: when full it is simply cleared, which
 * costs one re-decode per active key and needs no per-hit bookkeeping (no LRU lock on the hot path).
 */
final class PublicKeyCache {
    private final int capacity;
    private final ConcurrentHashMap<ByteKey, PublicKey> keys;

    PublicKeyCache(int capacity) {
        this.capacity = capacity;
        this.keys = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    /** @throws IllegalArgumentException when the bytes are not a valid Ed25519 public key */
    PublicKey get(ByteKey encoded) {
        PublicKey key = keys.get(encoded);
        if (key != null) {
            return key;
        }
        key = PublicKey.decode(encoded.unsafeBytes());
        if (keys.size() >= capacity) {
            keys.clear();
        }
        keys.put(encoded, key);
        return key;
    }

    int size() {
        return keys.size();
    }
}
