package org.wishledger.p2p;

import java.util.Objects;

/** Where to dial a persistent peer and which node key it must prove. */
public record PeerAddress(String host, int port, PeerId expected) {
    public PeerAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(expected, "expected");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Parses {@code host:port} (IPv6 as {@code [::1]:port}) and a hex node key. */
    public static PeerAddress parse(String nodeKeyHex, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + hostPort + "'");
        }
        return new PeerAddress(host, port, PeerId.fromHex(nodeKeyHex));
    }

    @Override
    public String toString() {
        return expected + "@" + host + ":" + port;
    }
}
