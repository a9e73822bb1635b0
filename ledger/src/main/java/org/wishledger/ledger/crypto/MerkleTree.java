package org.wishledger.ledger.crypto;

import java.util.List;

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

    private MerkleTree() {
    }

    public static byte[] root(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return EMPTY_ROOT.clone();
        }
        return subtreeRoot(leaves, 0, leaves.size());
    }

    public static byte[] leafHash(byte[] leaf) {
        return Sha256.hash(LEAF_PREFIX, leaf, null);
    }

    public static byte[] innerHash(byte[] left, byte[] right) {
        return Sha256.hash(INNER_PREFIX, left, right);
    }

    private static byte[] subtreeRoot(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leafHash(leaves.get(from));
        }
        int k = Integer.highestOneBit(n - 1);
        return innerHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
    }
}
