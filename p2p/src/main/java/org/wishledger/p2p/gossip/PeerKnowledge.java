package org.wishledger.p2p.gossip;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.wishledger.p2p.PeerId;

/**
 * Which hashes each peer already has (it sent them to us, or we sent them to it), so a node does not
 * echo a tx or vote back to where it came from or send it twice. Bounded per peer like {@link SeenSet};
 * forgetting is safe (the worst case is one redundant send, which the receiver's SeenSet absorbs).
 */
public final class PeerKnowledge {
    private final int capacityPerPeer;
    private final long ttlMillis;
    private final Map<PeerId, SeenSet> known = new ConcurrentHashMap<>();

    public PeerKnowledge(int capacityPerPeer, long ttlMillis) {
        this.capacityPerPeer = capacityPerPeer;
        this.ttlMillis = ttlMillis;
    }

    /** @return true if the peer was not yet known to have it */
    public boolean markKnown(PeerId peer, byte[] hash) {
        return known.computeIfAbsent(peer, p -> new SeenSet(capacityPerPeer, ttlMillis)).add(hash);
    }

    public boolean knows(PeerId peer, byte[] hash) {
        SeenSet set = known.get(peer);
        return set != null && set.contains(hash);
    }

    /** Call on disconnect: a reconnected peer may have restarted with an empty mempool. */
    public void forget(PeerId peer) {
        known.remove(peer);
    }
}
