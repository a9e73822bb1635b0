package org.wishledger.node;

import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerListener;
import org.wishledger.p2p.gossip.Gossip;
import org.wishledger.p2p.sync.BlockSyncResponder;
import org.wishledger.p2p.sync.BlockSyncer;
import org.wishledger.p2p.sync.SnapshotResponder;

/**
 * Sends each message from a peer to the part of the node that owns it. Runs on Netty threads, so it
 * only hands work over: consensus messages to the verifier, txs to the intake, sync traffic to the
 * syncer and responder.
 */
final class PeerRouter implements PeerListener {
    private volatile MessageVerifier verifier;
    private volatile TxIntake intake;
    private volatile BlockSyncer syncer;
    private volatile BlockSyncResponder responder;
    private volatile SnapshotResponder snapshots;
    private volatile Gossip gossip;
    private volatile ConsensusAgent agent;

    /** Wiring happens after the peer layer exists (they need each other); messages before it are dropped. */
    void wire(MessageVerifier verifier, TxIntake intake, BlockSyncer syncer, BlockSyncResponder responder,
            SnapshotResponder snapshots, Gossip gossip, ConsensusAgent agent) {
        this.snapshots = snapshots;
        this.intake = intake;
        this.syncer = syncer;
        this.responder = responder;
        this.gossip = gossip;
        this.agent = agent;
        this.verifier = verifier;
    }

    @Override
    public void onPeerConnected(PeerId peer) {
        if (verifier == null) {
            return;
        }
        syncer.onPeerConnected(peer);
        agent.offer(new AgentEvent.PeerJoined(peer));
    }

    @Override
    public void onMessage(PeerId peer, PeerMessage message) {
        if (verifier == null) {
            return;
        }
        switch (message.getMessageCase()) {
            case PROPOSAL -> verifier.onProposal(message.getProposal());
            case VOTE -> verifier.onVote(message.getVote());
            case TXS -> intake.fromPeer(peer, message.getTxs());
            default -> {
                if (!responder.handle(peer, message) && !snapshots.handle(peer, message)) {
                    syncer.onMessage(peer, message);
                }
            }
        }
    }

    @Override
    public void onPeerDisconnected(PeerId peer) {
        if (verifier == null) {
            return;
        }
        syncer.onPeerDisconnected(peer);
        gossip.peerDisconnected(peer);
    }
}
