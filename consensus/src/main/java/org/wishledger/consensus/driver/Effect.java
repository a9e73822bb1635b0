package org.wishledger.consensus.driver;

import com.google.protobuf.ByteString;
import java.util.List;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.DuplicateVoteEvidence;
import org.wishledger.ledger.proto.Vote;

/**
 * What the {@link ConsensusDriver} asks its host to do, in the order it must be done. Signing is not
 * an effect: the driver signs through the PrivValidator guard itself, so a host cannot sign around it.
 *
 * @param <P> the host's signed-proposal message (it carries the block)
 */
public sealed interface Effect<P> {
    /** Send a vote this validator just signed (or identically re-signed after a restart) to every peer. */
    record PublishVote<P>(Vote vote) implements Effect<P> {
    }

    /** Send a proposal this validator just signed (L19) to every peer. */
    record PublishProposal<P>(P proposal) implements Effect<P> {
    }

    /** Re-gossip a vote of the current height to {@code peer} (the host's handle from PeerJoined), null: to all. */
    record RelayVote<P>(Vote vote, Object peer) implements Effect<P> {
    }

    /** Re-gossip a proposal of the current height to {@code peer} (as for votes), null: to all. */
    record RelayProposal<P>(P proposal, Object peer) implements Effect<P> {
    }

    /** Validate this block off the consensus thread and answer with {@link Event.Verdict}. Asked once per block. */
    record ValidateBlock<P>(long height, ByteString blockId, P proposal) implements Effect<P> {
    }

    /** This validator proposes in (height, round): build a block, answer with {@link Event.ProposalBuilt}. */
    record BuildProposal<P>(long height, int round) implements Effect<P> {
    }

    /**
     * Height decided (L49-L51): store the block and its commit, then answer with {@link Event.HeightStart}
     * for the next height. {@code proposal} carries the block, preferring the decided round's proposal; it is
     * null when this process decided without holding the block (only possible after a WAL replay) — the host
     * must then get the block by block sync.
     */
    record CommitBlock<P>(long height, int round, ByteString blockId, P proposal, Commit commit,
                          List<Vote> precommits) implements Effect<P> {
    }

    /** Two conflicting signed votes of one validator: store them (RPC /evidence, next blocks). */
    record StoreEvidence<P>(DuplicateVoteEvidence evidence) implements Effect<P> {
    }

    /**
     * The driver has a timer due at {@code deadlineNanos} of its clock: a host that does not call
     * {@link ConsensusDriver#tick()} continuously must call it then.
     */
    record WakeAt<P>(long deadlineNanos) implements Effect<P> {
    }

    /** The core re-proposes (L16) a block this process no longer holds (only after a restart): nothing sent. */
    record CannotPropose<P>(long height, int round) implements Effect<P> {
    }

    /**
     * The sign guard refused a signature (expected for older messages during a replay; anything else means
     * the core asked for a conflicting one). Nothing was sent.
     */
    record SignRefused<P>(String reason, boolean replaying) implements Effect<P> {
    }
}
