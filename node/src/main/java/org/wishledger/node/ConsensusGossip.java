package org.wishledger.node;

import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.Proposal;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerSender;

/**
 * Puts the consensus driver's votes and proposals on the wire: this validator's own (just signed), and
 * re-gossip to every peer or to one that just joined. {@link ByzantineGossip} overrides it to misbehave.
 */
class ConsensusGossip {
    private final PeerSender peers;

    ConsensusGossip(PeerSender peers) {
        this.peers = peers;
    }

    void publishVote(Vote vote) {
        send(PeerMessage.newBuilder().setVote(vote).build(), null);
    }

    void publishProposal(Proposal proposal) {
        send(PeerMessage.newBuilder().setProposal(proposal).build(), null);
    }

    /** {@code peer}: a {@link PeerId} from a PeerJoined event, or null for every peer. */
    void relayVote(Vote vote, Object peer) {
        send(PeerMessage.newBuilder().setVote(vote).build(), peer);
    }

    void relayProposal(Proposal proposal, Object peer) {
        send(PeerMessage.newBuilder().setProposal(proposal).build(), peer);
    }

    final void send(PeerMessage message, Object peer) {
        if (peer == null) {
            peers.broadcast(message);
        } else {
            peers.send((PeerId) peer, message);
        }
    }
}
