package org.wishledger.p2p;

import java.util.Objects;
import org.wishledger.client.HostPort;

/** Where to dial a persistent peer and which node key it must prove. */
public record PeerAddress(String host, int port, PeerId expected) {
    public PeerAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(expected, "expected");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Parses a hex node key and {@code host:port} (the two fields of node.json's persistent_peers). */
    public static PeerAddress parse(String nodeKeyHex, String hostPort) {
        HostPort hp = HostPort.parse(hostPort);
        return new PeerAddress(hp.host(), hp.port(), PeerId.fromHex(nodeKeyHex));
    }

    @Override
    public String toString() {
        return expected + "@" + host + ":" + port;
    }
}
