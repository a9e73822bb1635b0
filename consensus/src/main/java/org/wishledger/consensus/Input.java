package org.wishledger.consensus;

import com.google.protobuf.ByteString;
import org.wishledger.ledger.proto.Vote;

/**
 * Everything that can happen to the consensus core. The host feeds these in one at a time; the core
 * answers with {@link Output}s. Values are identified by their block id; an empty id is nil.
 */
public sealed interface Input {
    /** Start height {@code height} with its validator set (the paper's StartRound(0), lines 10 and 54). */
    record NewHeight(long height, Validators validators) implements Input {
    }

    /**
     * ⟨PROPOSAL, h, round, v, polRound⟩ from {@code proposer}, signature already verified and the full
     * block in the host's hands. The core checks that {@code proposer} is proposer(h, round).
     */
    record ProposalReceived(long height, int round, int polRound, ByteString valueId, ByteString proposer)
            implements Input {
    }

    /** The host's verdict of the paper's valid(v) for a value of this height (ledger validateBlock). */
    record ValueVerdict(long height, ByteString valueId, boolean valid) implements Input {
    }

    /** A prevote or precommit whose signature the host verified against the named validator. */
    record VoteReceived(Vote vote) implements Input {
        @Override
        public long height() {
            return vote.getHeight();
        }
    }

    /** A timeout the core scheduled earlier has elapsed (lines 57-67). */
    record TimeoutElapsed(TimeoutKind kind, long height, int round) implements Input {
    }

    /** The host's answer to {@link Output.RequestValue}: the value to propose (the paper's getValue()). */
    record ProposeValue(long height, int round, ByteString valueId) implements Input {
    }

    long height();
}
