package org.wishledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PeerAddressTest {
    @Test
    void peerAddressNeedsAValidNodeKey() {
        String key = PeerId.of(TestKeys.key(1).publicKey()).hex();
        PeerAddress a = PeerAddress.parse(key, "127.0.0.1:26656");
        assertEquals(26656, a.port());
        assertEquals(key, a.expected().hex());
        assertThrows(IllegalArgumentException.class, () -> PeerAddress.parse("abcd", "127.0.0.1:1"));
    }
}
