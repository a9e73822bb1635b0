package org.wishledger.consensus.sim;

import com.google.protobuf.ByteString;
import org.wishledger.ledger.SignBytes;
import org.wishledger.ledger.proto.Vote;

/** A simulated validator: receives messages from the simulated network. */
abstract class SimNode {
    final Simulation sim;
    final int index;
    final ByteString address;

    SimNode(Simulation sim, int index, ByteString address) {
        this.sim = sim;
        this.index = index;
        this.address = address;
    }

    abstract void receive(int from, SimMessage message);

    /** Periodic gossip (resend own messages of the current height, announce the height). */
    abstract void gossip();

    abstract boolean honest();

    boolean verifyVote(Vote vote) {
        return sim.signatures.verify(vote.getValidator(), SignBytes.vote(Simulation.CHAIN, vote), vote.getSignature());
    }

    boolean verifyProposal(SimMessage.ProposalMsg p) {
        return sim.signatures.verify(p.proposer(),
                SignBytes.proposal(Simulation.CHAIN, p.height(), p.round(), p.polRound(), p.valueId()), p.signature());
    }
}
