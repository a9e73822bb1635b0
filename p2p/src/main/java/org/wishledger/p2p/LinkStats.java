package org.wishledger.p2p;

import java.net.SocketAddress;
import java.util.Map;

/** A snapshot of one link, for metrics and tests. */
public record LinkStats(PeerId peer, boolean outbound, SocketAddress remoteAddress,
                        Map<PeerChannel, Long> queuedBytes, Map<PeerChannel, Integer> queuedMessages,
                        Map<PeerChannel, Long> overflows, long messagesSent, long messagesReceived) {
}
