package org.wishledger.node.rpc;

import java.time.Duration;
import org.wishledger.client.HostPort;

/**
 * Limits and addresses of the RPC server.
 *
 * @param host               interface to bind; loopback by default, because the RPC is read-mostly
 *                           but unauthenticated and a public node should sit behind a proxy
 * @param port               0 picks a free port (tests)
 * @param maxRequestBytes    largest accepted request body; larger answers 413 TOO_LARGE
 * @param requestTimeout     a route still running after this answers 504 TIMEOUT
 * @param workerThreads      threads that run routes (backend reads), off the Netty event loop
 * @param maxQueuedRequests  requests waiting for a worker beyond this answer 503 UNAVAILABLE
 * @param idleTimeout        a keep-alive connection with no traffic for this long is closed
 * @param requestReadTimeout a request must arrive complete within this of its first byte, else 408 TIMEOUT
 *                           and the connection is closed (the slow-loris guard: idleTimeout resets on every byte)
 * @param maxConnections     concurrent connections; more are closed on accept
 * @param maxConnectionsPerAddress concurrent connections from one IP address; more are closed on accept
 */
public record RpcConfig(String host, int port, int maxRequestBytes, Duration requestTimeout,
                        int workerThreads, int maxQueuedRequests, Duration idleTimeout, Duration requestReadTimeout,
                        int maxConnections, int maxConnectionsPerAddress) {

    public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;

    public static RpcConfig loopback(int port) {
        return new RpcConfig("127.0.0.1", port, DEFAULT_MAX_REQUEST_BYTES, Duration.ofSeconds(10),
                2, 256, Duration.ofSeconds(60), Duration.ofSeconds(10), 512, 128);
    }

    /** Parses "host:port" as written in NodeConfig.rpc_listen. */
    public static RpcConfig listen(String hostPort) {
        HostPort address = HostPort.parse(hostPort);
        return loopback(address.port()).withHost(address.host());
    }

    public RpcConfig withHost(String newHost) {
        return new RpcConfig(newHost, port, maxRequestBytes, requestTimeout, workerThreads, maxQueuedRequests,
                idleTimeout, requestReadTimeout, maxConnections, maxConnectionsPerAddress);
    }

    public RpcConfig withRequestTimeout(Duration timeout) {
        return new RpcConfig(host, port, maxRequestBytes, timeout, workerThreads, maxQueuedRequests, idleTimeout,
                requestReadTimeout, maxConnections, maxConnectionsPerAddress);
    }

    public RpcConfig withMaxRequestBytes(int bytes) {
        return new RpcConfig(host, port, bytes, requestTimeout, workerThreads, maxQueuedRequests, idleTimeout,
                requestReadTimeout, maxConnections, maxConnectionsPerAddress);
    }

    public RpcConfig withRequestReadTimeout(Duration timeout) {
        return new RpcConfig(host, port, maxRequestBytes, requestTimeout, workerThreads, maxQueuedRequests,
                idleTimeout, timeout, maxConnections, maxConnectionsPerAddress);
    }

    public RpcConfig withIdleTimeout(Duration timeout) {
        return new RpcConfig(host, port, maxRequestBytes, requestTimeout, workerThreads, maxQueuedRequests,
                timeout, requestReadTimeout, maxConnections, maxConnectionsPerAddress);
    }

    public RpcConfig withConnectionLimits(int total, int perAddress) {
        return new RpcConfig(host, port, maxRequestBytes, requestTimeout, workerThreads, maxQueuedRequests,
                idleTimeout, requestReadTimeout, total, Math.min(total, perAddress));
    }
}
