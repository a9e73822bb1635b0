package org.wishledger.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.wishledger.ledger.proto.PeerRoundState;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.TestKeys;

class PeerRoundStatesTest {
    private final PeerId peer = PeerId.of(TestKeys.key(5).publicKey());

    private static PeerRoundState at(long h, int r, int step) {
        return PeerRoundState.newBuilder().setHeight(h).setRound(r).setStep(step).build();
    }

    @Test
    void positionsOnlyMoveForwardAndLagIsWithinAHeight() {
        PeerRoundStates states = new PeerRoundStates();
        states.update(peer, at(7, 1, 2));
        states.update(peer, at(7, 0, 3)); // late, older announcement
        assertEquals(at(7, 1, 2), states.get(peer).orElseThrow());
        assertTrue(states.lagsWithinHeight(peer, 7, 1, 3), "same round, earlier step");
        assertTrue(states.lagsWithinHeight(peer, 7, 2, 1), "earlier round");
        assertFalse(states.lagsWithinHeight(peer, 7, 1, 2), "same position");
        assertFalse(states.lagsWithinHeight(peer, 8, 0, 1), "another height is block sync's job");
        states.update(peer, at(8, 0, 1));
        assertEquals(8, states.get(peer).orElseThrow().getHeight());
    }
}
