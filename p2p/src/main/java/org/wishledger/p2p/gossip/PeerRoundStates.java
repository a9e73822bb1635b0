package org.wishledger.p2p.gossip;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.wishledger.ledger.proto.PeerRoundState;
import org.wishledger.p2p.PeerId;

/**
 * The last consensus position (height, round, step) each peer announced. The node's consensus
 * gossip reads it to find peers in its own height but an earlier round or step, and sends them the
 * proposal and the votes they miss (via {@link Gossip#sendMissing}); peers whole heights behind are
 * block sync's business instead. Positions only move forward: a stale announcement that arrives
 * late is ignored.
 */
public final class PeerRoundStates {
    private final Map<PeerId, PeerRoundState> states = new ConcurrentHashMap<>();

    public void update(PeerId peer, PeerRoundState state) {
        states.merge(peer, state, (old, fresh) -> compare(fresh, old) >= 0 ? fresh : old);
    }

    public Optional<PeerRoundState> get(PeerId peer) {
        return Optional.ofNullable(states.get(peer));
    }

    /** True if the peer is at {@code height} but has not reached ({@code round}, {@code step}). */
    public boolean lagsWithinHeight(PeerId peer, long height, int round, int step) {
        PeerRoundState s = states.get(peer);
        return s != null && s.getHeight() == height
                && (s.getRound() < round || (s.getRound() == round && s.getStep() < step));
    }

    public void remove(PeerId peer) {
        states.remove(peer);
    }

    private static int compare(PeerRoundState a, PeerRoundState b) {
        int c = Long.compareUnsigned(a.getHeight(), b.getHeight());
        if (c == 0) {
            c = Integer.compareUnsigned(a.getRound(), b.getRound());
        }
        if (c == 0) {
            c = Integer.compare(a.getStep(), b.getStep());
        }
        return c;
    }
}
