package org.wishledger.ledger;

import com.google.protobuf.ByteString;
import org.wishledger.ledger.proto.CanonicalProposal;
import org.wishledger.ledger.proto.CanonicalVote;
import org.wishledger.ledger.proto.Proposal;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;

/**
 * The exact bytes a validator signs. Votes and proposals are signed over small canonical messages
 * (no signature, no validator field, plus the chain id) so a signature cannot be replayed on another
 * chain and commits can rebuild a precommit's sign bytes from (height, round, block id) alone.
 */
public final class SignBytes {
    private SignBytes() {
    }

    public static byte[] vote(String chainId, VoteType type, long height, int round, ByteString blockId) {
        return CanonicalVote.newBuilder()
                .setType(type)
                .setHeight(height)
                .setRound(round)
                .setBlockId(blockId)
                .setChainId(chainId)
                .build()
                .toByteArray();
    }

    public static byte[] vote(String chainId, Vote vote) {
        return vote(chainId, vote.getType(), vote.getHeight(), vote.getRound(), vote.getBlockId());
    }

    public static byte[] proposal(String chainId, long height, int round, int polRound, ByteString blockId) {
        return CanonicalProposal.newBuilder()
                .setHeight(height)
                .setRound(round)
                .setPolRound(polRound)
                .setBlockId(blockId)
                .setChainId(chainId)
                .build()
                .toByteArray();
    }

    public static byte[] proposal(String chainId, Proposal proposal) {
        return proposal(chainId, proposal.getHeight(), proposal.getRound(), proposal.getPolRound(),
                ByteString.copyFrom(Hashes.blockId(proposal.getBlock())));
    }
}
