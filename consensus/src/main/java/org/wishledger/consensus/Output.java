package org.wishledger.consensus;

import com.google.protobuf.ByteString;
import java.util.List;
import org.wishledger.ledger.proto.DuplicateVoteEvidence;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;

/** What the core asks its host to do. Broadcasts are unsigned intents: signing goes through the sign-state guard. */
public sealed interface Output {
    /** Sign (through PrivValidator) and broadcast ⟨PROPOSAL, h, round, value, polRound⟩ (line 19). */
    record BroadcastProposal(long height, int round, int polRound, ByteString valueId) implements Output {
    }

    /**
     * Sign (through PrivValidator) and broadcast a prevote or precommit; an empty valueId is nil. The host
     * must also feed the signed vote back as {@link Input.VoteReceived}: own votes count like any other.
     */
    record BroadcastVote(VoteType type, long height, int round, ByteString valueId) implements Output {
    }

    /** Deliver {@link Input.TimeoutElapsed}(kind, height, round) after {@code durationMs}. */
    record ScheduleTimeout(TimeoutKind kind, long height, int round, long durationMs) implements Output {
    }

    /** This validator proposes in (height, round) and has no validValue: answer with {@link Input.ProposeValue}. */
    record RequestValue(long height, int round) implements Output {
    }

    /**
     * Height decided (line 51): the value and the +2/3 signed precommits of {@code round} for it, from
     * which {@link org.wishledger.consensus.commit.Commits#build} makes the ledger Commit.
     */
    record Decide(long height, int round, ByteString valueId, List<Vote> precommits) implements Output {
    }

    /** Two conflicting signed votes from one validator: store and show it (RPC), include it in a block. */
    record Evidence(DuplicateVoteEvidence evidence) implements Output {
    }
}
