package org.wishledger.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Merkle root is RFC 6962's MTH for every size, including the parallel sizes, and leaves cannot pose as nodes. */
class MerkleTreeTest {

    /** RFC 6962 section 2.1 written as the recursion it specifies: the reference. */
    private static byte[] mth(List<byte[]> d) {
        if (d.isEmpty()) {
            return Sha256.hash(new byte[0]);
        }
        if (d.size() == 1) {
            return Sha256.hash((byte) 0, d.get(0), null);
        }
        int k = Integer.highestOneBit(d.size() - 1);
        return Sha256.hash((byte) 1, mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    @Test
    void matchesTheRfc6962RecursionForEverySize() {
        Random rnd = new Random(6962);
        List<byte[]> leaves = new ArrayList<>();
        for (int n = 0; n <= 5000; n = n < 300 ? n + 1 : n + 1237) {
            while (leaves.size() < n) {
                byte[] leaf = new byte[1 + rnd.nextInt(40)];
                rnd.nextBytes(leaf);
                leaves.add(leaf);
            }
            assertArrayEquals(mth(leaves), MerkleTree.root(leaves), "n = " + n);
        }
    }

    @Test
    void knownValuesAndSecondPreimageResistance() {
        // Empty tree: SHA-256 of nothing (RFC 6962); one empty leaf: SHA-256(0x00).
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hex.encode(MerkleTree.root(List.of())));
        assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                Hex.encode(MerkleTree.root(List.of(new byte[0]))));
        // Two leaves vs. one leaf holding their concatenated leaf hashes: different roots.
        byte[] a = {1};
        byte[] b = {2};
        byte[] forged = new byte[64];
        System.arraycopy(MerkleTree.leafHash(a), 0, forged, 0, 32);
        System.arraycopy(MerkleTree.leafHash(b), 0, forged, 32, 32);
        assertFalse(Arrays.equals(MerkleTree.root(List.of(a, b)), MerkleTree.root(List.of(forged))));
    }
}
