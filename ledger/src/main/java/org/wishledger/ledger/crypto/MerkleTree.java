package org.wishledger.ledger.crypto;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Merkle root in the shape of RFC 6962 section 2.1: leaves are hashed as SHA-256(0x00 || leaf) and inner
 * nodes as SHA-256(0x01 || left || right), so a leaf can never be passed off as an inner node (second
 * preimage). The split point is the largest power of two strictly below n, which keeps the tree
 * independent of how the leaves are later batched.
 */
public final class MerkleTree {
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte INNER_PREFIX = 0x01;
    private static final byte[] EMPTY_ROOT = Sha256.hash(new byte[0]);
    /** Below this many hashes per level, threads cost more than they save. */
    private static final int PARALLEL_THRESHOLD = 2048;

    private MerkleTree() {
    }

    public static byte[] root(List<byte[]> leaves) {
        int n = leaves.size();
        if (n == 0) {
            return EMPTY_ROOT.clone();
        }
        byte[][] level = new byte[n][];
        parallelIfLarge(n).forEach(i -> level[i] = leafHash(leaves.get(i)));
        return rootOfLevel(level);
    }

    public static byte[] leafHash(byte[] leaf) {
        return Sha256.hash(LEAF_PREFIX, leaf, null);
    }

    public static byte[] innerHash(byte[] left, byte[] right) {
        return Sha256.hash(INNER_PREFIX, left, right);
    }

    /**
     * Bottom-up: pair neighbours level by level and carry an odd last node up unchanged. This builds
     * exactly the RFC 6962 tree (split at the largest power of two below n) without recursion, and each
     * level's hashes are independent, so large trees use several cores. The result never depends on it.
     */
    private static byte[] rootOfLevel(byte[][] nodes) {
        byte[][] level = nodes;
        while (level.length > 1) {
            byte[][] below = level;
            int pairs = below.length / 2;
            byte[][] next = new byte[pairs + (below.length & 1)][];
            parallelIfLarge(pairs).forEach(i -> next[i] = innerHash(below[2 * i], below[2 * i + 1]));
            if ((below.length & 1) != 0) {
                next[pairs] = below[below.length - 1];
            }
            level = next;
        }
        return level[0];
    }

    private static IntStream parallelIfLarge(int n) {
        IntStream range = IntStream.range(0, n);
        return n >= PARALLEL_THRESHOLD ? range.parallel() : range;
    }
}
