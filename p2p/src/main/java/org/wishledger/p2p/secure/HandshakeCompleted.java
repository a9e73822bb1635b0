package org.wishledger.p2p.secure;

import org.wishledger.ledger.crypto.PublicKey;

/** Pipeline user event: the handshake verified the remote node key; the link may carry messages. */
public record HandshakeCompleted(PublicKey remoteKey, boolean outbound) {
}
