package org.wishledger.p2p.gossip;

import java.util.Arrays;

/**
 * A hash used as a map key. Comparable, so even if someone grinds txs whose hashes collide in
 * {@code hashCode}, HashMap's tree bins keep lookups logarithmic.
 */
final class HashKey implements Comparable<HashKey> {
    private final byte[] hash;
    private final int hashCode;

    HashKey(byte[] hash) {
        this.hash = hash;
        this.hashCode = Arrays.hashCode(hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashKey other && hashCode == other.hashCode && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public int compareTo(HashKey other) {
        return Arrays.compareUnsigned(hash, other.hash);
    }
}
