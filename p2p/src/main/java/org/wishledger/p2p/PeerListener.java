package org.wishledger.p2p;

import org.wishledger.ledger.proto.PeerMessage;

/**
 * What the node hears from the peer layer.
 *
 * <p>Threading: every callback runs on a Netty event-loop thread. {@code onMessage} for one peer runs
 * on that peer's link thread, in the order the peer sent the messages, after {@code onPeerConnected}
 * for that link. Connect and disconnect events for all peers are serialised (one at a time, strictly
 * alternating per peer). Callbacks must not block: the node hands messages to its own threads (e.g.
 * the consensus agent's inbox). A callback that blocks stalls reading from the peers sharing its
 * event loop, which is exactly TCP back-pressure, but also delays their consensus messages.
 */
public interface PeerListener {
    void onPeerConnected(PeerId peer);

    void onMessage(PeerId peer, PeerMessage message);

    void onPeerDisconnected(PeerId peer);

    /** A listener that ignores everything (tests, tools). */
    PeerListener NONE = new PeerListener() {
        @Override
        public void onPeerConnected(PeerId peer) {
        }

        @Override
        public void onMessage(PeerId peer, PeerMessage message) {
        }

        @Override
        public void onPeerDisconnected(PeerId peer) {
        }
    };
}
