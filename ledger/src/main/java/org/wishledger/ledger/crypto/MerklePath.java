package org.wishledger.ledger.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An inclusion proof in {@link MerkleTree}'s tree: the sibling hashes from one leaf up to the root, each
 * with its side. Built by the same bottom-up pairing (an odd last node is carried up with no step), so
 * {@link #root} of a proof equals {@link MerkleTree#root} of the leaves.
 */
public final class MerklePath {
    /** One level: the sibling's hash and whether it is the left input of the inner hash. */
    public record Step(byte[] sibling, boolean siblingOnLeft) {
    }

    private MerklePath() {
    }

    public static List<Step> of(List<byte[]> leaves, int index) {
        if (index < 0 || index >= leaves.size()) {
            throw new IndexOutOfBoundsException("leaf " + index + " of " + leaves.size());
        }
        byte[][] level = new byte[leaves.size()][];
        for (int i = 0; i < level.length; i++) {
            level[i] = MerkleTree.leafHash(leaves.get(i));
        }
        List<Step> path = new ArrayList<>();
        int at = index;
        while (level.length > 1) {
            if ((at & 1) == 1) {
                path.add(new Step(level[at - 1], true));
            } else if (at + 1 < level.length) {
                path.add(new Step(level[at + 1], false));
            }
            int pairs = level.length / 2;
            byte[][] next = new byte[pairs + (level.length & 1)][];
            for (int i = 0; i < pairs; i++) {
                next[i] = MerkleTree.innerHash(level[2 * i], level[2 * i + 1]);
            }
            if ((level.length & 1) != 0) {
                next[pairs] = level[level.length - 1];
            }
            level = next;
            at /= 2;
        }
        return path;
    }

    /** The root a leaf and its path lead to. */
    public static byte[] root(byte[] leaf, List<Step> path) {
        byte[] node = MerkleTree.leafHash(leaf);
        for (Step s : path) {
            node = s.siblingOnLeft() ? MerkleTree.innerHash(s.sibling(), node) : MerkleTree.innerHash(node, s.sibling());
        }
        return node;
    }

    public static boolean proves(byte[] leaf, List<Step> path, byte[] root) {
        return Arrays.equals(root(leaf, path), root);
    }
}
