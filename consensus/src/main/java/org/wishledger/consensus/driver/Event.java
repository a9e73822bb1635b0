package org.wishledger.consensus.driver;

import com.google.protobuf.ByteString;
import org.wishledger.ledger.proto.Vote;

/**
 * What a host hands the {@link ConsensusDriver}: messages from peers (signatures already verified by
 * the host, off the consensus thread if it likes), the answers to the driver's asynchronous effects, and
 * the start of a height. Time is not an event: the driver reads its injected clock and fires its timers
 * when the host calls {@link ConsensusDriver#tick()}.
 *
 * @param <P> the host's signed-proposal message (it carries the block)
 */
public sealed interface Event<P> {
    /** A prevote or precommit whose signature the host verified against the named validator. */
    record VoteArrived<P>(Vote vote) implements Event<P> {
    }

    /** A proposal whose signature the host verified; {@code blockId} is the id of the block it carries. */
    record ProposalArrived<P>(P proposal, ByteString blockId) implements Event<P> {
    }

    /** The answer to {@link Effect.ValidateBlock}: the paper's valid(v). */
    record Verdict<P>(long height, ByteString blockId, boolean valid) implements Event<P> {
    }

    /**
     * The answer to {@link Effect.BuildProposal} (the paper's getValue(), L18): an unsigned proposal
     * carrying the block the host built; the driver signs it once the core decides to propose it.
     */
    record ProposalBuilt<P>(long height, int round, ByteString blockId, P unsigned) implements Event<P> {
    }

    /**
     * The host stored the block of {@code height - 1} (decided here or block-synced) and is ready for
     * {@code height}. Heights at or below the current one are ignored.
     */
    record HeightStart<P>(long height) implements Event<P> {
    }

    /** A peer connected: it gets the current height's proposals and votes at once (peer: the host's handle). */
    record PeerJoined<P>(Object peer) implements Event<P> {
    }
}
