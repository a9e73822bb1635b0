package org.wishledger.consensus.sim;

import com.google.protobuf.ByteString;
import java.util.List;
import org.wishledger.ledger.proto.Vote;

/** What simulated validators send each other: the consensus channel plus a minimal block-sync channel. */
sealed interface SimMessage {
    long height();

    /** A signed proposal; the "block" is just its id, its validity lives in the {@link ValueRegistry}. */
    record ProposalMsg(long height, int round, int polRound, ByteString valueId, ByteString proposer,
                       ByteString signature) implements SimMessage {
    }

    record VoteMsg(Vote vote) implements SimMessage {
        @Override
        public long height() {
            return vote.getHeight();
        }
    }

    /** Gossip heartbeat: "I am at this height", so peers that are ahead send the commit of that height. */
    record StatusMsg(long height) implements SimMessage {
    }

    /** Block sync: the decided proposal and its +2/3 precommits, verified with Commits.verify on receipt. */
    record CommitMsg(long height, ProposalMsg proposal, org.wishledger.ledger.proto.Commit commit,
                     List<Vote> precommits) implements SimMessage {
    }
}
