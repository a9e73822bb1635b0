package org.wishledger.ledger;

import java.util.ArrayList;
import java.util.List;
import org.wishledger.ledger.crypto.MerkleTree;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Header;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.ValidatorSet;

/** The identities of things: every hash that names a tx, a block or a commit is computed here. */
public final class Hashes {
    private Hashes() {
    }

    /** Tx hash = SHA-256 of the whole encoded tx (body and signature); it is also a wish's id. */
    public static byte[] txHash(Tx tx) {
        return Sha256.hash(tx.toByteArray());
    }

    public static byte[] txHash(byte[] encodedTx) {
        return Sha256.hash(encodedTx);
    }

    /** Block id = SHA-256 of the encoded header; the header commits to txs and last commit by hash. */
    public static byte[] blockId(Header header) {
        return Sha256.hash(header.toByteArray());
    }

    public static byte[] blockId(Block block) {
        return blockId(block.getHeader());
    }

    public static byte[] dataHash(List<Tx> txs) {
        List<byte[]> leaves = new ArrayList<>(txs.size());
        for (Tx tx : txs) {
            leaves.add(txHash(tx));
        }
        return MerkleTree.root(leaves);
    }

    /** Data hash from tx hashes already computed at admission (avoids re-hashing 4 MiB blocks). */
    public static byte[] dataHashOfHashes(List<byte[]> txHashes) {
        return MerkleTree.root(txHashes);
    }

    public static byte[] commitHash(Commit commit) {
        return Sha256.hash(commit.toByteArray());
    }

    public static byte[] validatorsHash(ValidatorSet validators) {
        return Sha256.hash(validators.toByteArray());
    }
}
