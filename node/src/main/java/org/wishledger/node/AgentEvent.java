package org.wishledger.node;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Proposal;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.p2p.PeerId;
import org.wishledger.rules.BlockResult;

/** What other threads hand to the consensus thread. Everything here is already verified. */
sealed interface AgentEvent {

    /** A vote whose signature matched its validator's key. */
    record VerifiedVote(Vote vote) implements AgentEvent {
    }

    /** A proposal whose signature matched the proposer's key; blockId = id of its block's header. */
    record VerifiedProposal(Proposal proposal, ByteString blockId) implements AgentEvent {
    }

    /** The ledger's verdict on a proposed block, computed on the validation thread. */
    record BlockVerdictReady(long height, ByteString blockId, boolean valid, String reason) implements AgentEvent {
    }

    /** A block fetched by block sync whose commit verified; applied on the consensus thread. */
    record SyncedBlock(Block block, Commit commit, CompletableFuture<BlockResult> applied) implements AgentEvent {
    }

    /** A new peer link: send it what it needs to join the current height. */
    record PeerJoined(PeerId peer) implements AgentEvent {
    }
}
