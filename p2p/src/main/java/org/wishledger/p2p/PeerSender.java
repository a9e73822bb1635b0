package org.wishledger.p2p;

import java.util.Set;
import java.util.function.Predicate;
import org.wishledger.ledger.proto.PeerMessage;

/** The sending half of the peer layer: what gossip and block sync need (PeerManager implements it). */
public interface PeerSender {
    /** Queues a message for one peer; never blocks. */
    SendResult send(PeerId peer, PeerMessage message);

    /** Queues a message for every connected peer the filter accepts; returns how many queued it. */
    int broadcast(PeerMessage message, Predicate<PeerId> filter);

    default int broadcast(PeerMessage message) {
        return broadcast(message, peer -> true);
    }

    /** The peers with a live, authenticated link right now. */
    Set<PeerId> peers();
}
