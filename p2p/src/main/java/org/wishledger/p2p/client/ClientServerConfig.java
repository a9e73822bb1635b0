package org.wishledger.p2p.client;

/**
 * Limits of the native client port.
 *
 * @param maxFrameBytes hard maximum of one request frame (a tx is at most 16 KiB, so 64 KiB)
 * @param maxInFlightPerConnection requests a connection may have awaiting answers; beyond it the
 *        server stops reading that connection (TCP back-pressure) rather than failing requests
 * @param maxConnections concurrent client connections; more are closed on accept
 * @param partialFrameTimeoutMillis how long a frame may stay half-received
 * @param idleTimeoutMillis a connection silent this long with nothing in flight is closed (0 = never)
 */
public record ClientServerConfig(String host, int port, int maxFrameBytes, int maxInFlightPerConnection,
                                 int maxConnections, long partialFrameTimeoutMillis, long idleTimeoutMillis,
                                 int ioThreads) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 10;

    public static ClientServerConfig defaults(String host, int port) {
        return new ClientServerConfig(host, port, DEFAULT_MAX_FRAME_BYTES, 1024, 256, 10_000, 0, 1);
    }

    public ClientServerConfig withPartialFrameTimeoutMillis(long millis) {
        return new ClientServerConfig(host, port, maxFrameBytes, maxInFlightPerConnection, maxConnections, millis,
                idleTimeoutMillis, ioThreads);
    }

    public ClientServerConfig withMaxInFlightPerConnection(int max) {
        return new ClientServerConfig(host, port, maxFrameBytes, max, maxConnections, partialFrameTimeoutMillis,
                idleTimeoutMillis, ioThreads);
    }

    public ClientServerConfig withMaxConnections(int max) {
        return new ClientServerConfig(host, port, maxFrameBytes, maxInFlightPerConnection, max,
                partialFrameTimeoutMillis, idleTimeoutMillis, ioThreads);
    }
}
