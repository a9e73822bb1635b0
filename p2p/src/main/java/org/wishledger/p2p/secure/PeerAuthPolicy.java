package org.wishledger.p2p.secure;

import org.wishledger.ledger.crypto.PublicKey;

/** Decides whether an authenticated remote node key may keep its link. */
@FunctionalInterface
public interface PeerAuthPolicy {
    /** @return null to accept, or the reason the key is refused */
    String refusal(PublicKey remoteKey);

    static PeerAuthPolicy acceptAny() {
        return key -> null;
    }

    /** The dialer's rule: the peer at that address must own exactly this key. */
    static PeerAuthPolicy expect(PublicKey expected) {
        return key -> key.equals(expected) ? null
                : "expected node key " + expected.addressHex() + " but the peer proved " + key.addressHex();
    }
}
