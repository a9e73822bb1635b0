package org.wishledger.rules;

import com.google.protobuf.ByteString;
import java.util.List;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.SignBytes;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.CommitSig;
import org.wishledger.ledger.proto.VoteType;

/**
 * The commit a calm height records: every validator's round-0 precommit for the block. For tools that
 * hold all validator keys of a chain they build themselves (the node's scratch warm-up chain, the rules' test chain,
 * {@code testnet prefill}); a live node only ever records commits gathered from votes.
 */
public final class UnanimousCommit {
    private UnanimousCommit() {
    }

    public static Commit of(String chainId, List<KeyPair> validators, Block block) {
        byte[] id = Hashes.blockId(block);
        long height = block.getHeader().getHeight();
        byte[] signBytes = SignBytes.vote(chainId, VoteType.PRECOMMIT, height, 0, ByteString.copyFrom(id));
        Commit.Builder c = Commit.newBuilder().setHeight(height).setRound(0).setBlockId(ByteString.copyFrom(id));
        for (KeyPair v : validators) {
            c.addSignatures(CommitSig.newBuilder().setValidator(ByteString.copyFrom(v.address()))
                    .setSignature(ByteString.copyFrom(v.sign(signBytes))));
        }
        return c.build();
    }
}
