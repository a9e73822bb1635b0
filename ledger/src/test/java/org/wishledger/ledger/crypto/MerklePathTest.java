package org.wishledger.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every leaf of trees of 1..70 leaves proves into MerkleTree.root; a changed leaf or sibling does not. */
class MerklePathTest {
    private static final long SEED = 6962;

    @Test
    void everyLeafProvesIntoTheRootAndATamperedOneDoesNot() {
        Random random = new Random(SEED);
        for (int n = 1; n <= 70; n++) {
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] leaf = new byte[32];
                random.nextBytes(leaf);
                leaves.add(leaf);
            }
            byte[] root = MerkleTree.root(leaves);
            for (int i = 0; i < n; i++) {
                List<MerklePath.Step> path = MerklePath.of(leaves, i);
                assertArrayEquals(root, MerklePath.root(leaves.get(i), path), "seed " + SEED + " n " + n + " leaf " + i);
                byte[] other = leaves.get(i).clone();
                other[3] ^= 1;
                assertFalse(MerklePath.proves(other, path, root), "n " + n + " leaf " + i + " tampered");
                if (!path.isEmpty()) {
                    byte[] sibling = path.get(0).sibling().clone();
                    sibling[0] ^= 1;
                    List<MerklePath.Step> bad = new ArrayList<>(path);
                    bad.set(0, new MerklePath.Step(sibling, path.get(0).siblingOnLeft()));
                    assertFalse(MerklePath.proves(leaves.get(i), bad, root), "n " + n + " leaf " + i + " bad sibling");
                }
            }
        }
        assertTrue(MerklePath.of(List.of(new byte[] {1}), 0).isEmpty());
    }
}
