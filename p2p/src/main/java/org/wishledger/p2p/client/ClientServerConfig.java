package org.wishledger.p2p.client;

/**
 * Limits of the native client port.
 *
 * @param maxFrameBytes hard maximum of one request frame (a tx is at most 16 KiB, so 64 KiB)
 * @param maxInFlightPerConnection requests a connection may have awaiting answers; beyond it the
 *        server stops reading that connection (TCP back-pressure) rather than failing requests
 * @param maxConnections concurrent client connections; more are closed on accept
 * @param maxConnectionsPerAddress concurrent connections from one IP address; more are closed on accept,
 *        so one host cannot take every slot
 * @param partialFrameTimeoutMillis how long a frame may take from its first byte to its last
 * @param idleTimeoutMillis a connection silent this long with nothing in flight is closed (0 = never)
 */
public record ClientServerConfig(String host, int port, int maxFrameBytes, int maxInFlightPerConnection,
                                 int maxConnections, int maxConnectionsPerAddress, long partialFrameTimeoutMillis,
                                 long idleTimeoutMillis, int ioThreads) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 10;
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    /** A quarter of the total: one address can never hold the whole port. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;
    public static final long DEFAULT_FRAME_TIMEOUT_MILLIS = 10_000;
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 120_000;

    public static ClientServerConfig defaults(String host, int port) {
        return new ClientServerConfig(host, port, DEFAULT_MAX_FRAME_BYTES, 1024, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_FRAME_TIMEOUT_MILLIS, DEFAULT_IDLE_TIMEOUT_MILLIS, 1);
    }

    public ClientServerConfig withPartialFrameTimeoutMillis(long millis) {
        return new ClientServerConfig(host, port, maxFrameBytes, maxInFlightPerConnection, maxConnections,
                maxConnectionsPerAddress, millis, idleTimeoutMillis, ioThreads);
    }

    public ClientServerConfig withIdleTimeoutMillis(long millis) {
        return new ClientServerConfig(host, port, maxFrameBytes, maxInFlightPerConnection, maxConnections,
                maxConnectionsPerAddress, partialFrameTimeoutMillis, millis, ioThreads);
    }

    public ClientServerConfig withMaxInFlightPerConnection(int max) {
        return new ClientServerConfig(host, port, maxFrameBytes, max, maxConnections, maxConnectionsPerAddress,
                partialFrameTimeoutMillis, idleTimeoutMillis, ioThreads);
    }

    /** Sets the total limit; the per-address limit never exceeds it. */
    public ClientServerConfig withMaxConnections(int max) {
        return new ClientServerConfig(host, port, maxFrameBytes, maxInFlightPerConnection, max,
                Math.min(max, maxConnectionsPerAddress), partialFrameTimeoutMillis, idleTimeoutMillis, ioThreads);
    }

    public ClientServerConfig withMaxConnectionsPerAddress(int max) {
        return new ClientServerConfig(host, port, maxFrameBytes, maxInFlightPerConnection, maxConnections, max,
                partialFrameTimeoutMillis, idleTimeoutMillis, ioThreads);
    }
}
