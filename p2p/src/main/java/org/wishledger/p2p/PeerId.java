package org.wishledger.p2p;

import java.util.Arrays;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.PublicKey;

/**
 * A peer is named by its Ed25519 node public key, which the handshake proves. Ordered by the key's
 * unsigned bytes: that order breaks ties between duplicate links deterministically on both ends.
 */
public final class PeerId implements Comparable<PeerId> {
    private final PublicKey key;
    private final byte[] raw;
    private final String hex;

    private PeerId(PublicKey key) {
        this.key = key;
        this.raw = key.encoded();
        this.hex = Hex.encode(raw);
    }

    public static PeerId of(PublicKey key) {
        return new PeerId(key);
    }

    /** @throws IllegalArgumentException if the text is not the hex of a valid Ed25519 public key */
    public static PeerId fromHex(String hex) {
        return new PeerId(PublicKey.decode(Hex.decode(hex)));
    }

    public PublicKey key() {
        return key;
    }

    /** The full public key as lower-case hex (the form used in node.json's persistent_peers). */
    public String hex() {
        return hex;
    }

    @Override
    public int compareTo(PeerId other) {
        return Arrays.compareUnsigned(raw, other.raw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    /** Short form for logs: the first 12 hex digits of the key. */
    @Override
    public String toString() {
        return hex.substring(0, 12);
    }
}
