package org.wishledger.node.rpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.wishledger.node.metrics.CounterFamily;
import org.wishledger.node.metrics.MetricsRegistry;
import org.wishledger.p2p.frame.PerAddressConnectionLimit;

/**
 * The node's HTTP/1.1 JSON server (Netty). One event loop thread does the HTTP codec; routes run on
 * a small bounded worker pool so a slow backend read never stalls the sockets, and a full pool answers
 * 503 instead of queueing without bound.
 *
 * <pre>{@code
 * RpcServer rpc = RpcServer.start(RpcConfig.listen(config.getRpcListen()), backend);
 * rpc.router().post("/fidelity", handler);   // extra routes may be added at any time
 * ...
 * rpc.close();
 * }</pre>
 */
public final class RpcServer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RpcServer.class);
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_BYTES = 16384;
    private static final int MAX_CHUNK_BYTES = 8192;

    private final RpcConfig config;
    private final Router router;
    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final ThreadPoolExecutor workers;
    private final Channel serverChannel;
    /** Connections admitted and not yet closed; reserved atomically (see ClientServer). */
    private final AtomicInteger connections = new AtomicInteger();
    private final PerAddressConnectionLimit perAddress;

    private RpcServer(RpcConfig config, Router router, MetricsRegistry metrics) throws InterruptedException {
        this.config = config;
        this.router = router;
        this.perAddress = new PerAddressConnectionLimit(config.maxConnectionsPerAddress());
        this.boss = new MultiThreadIoEventLoopGroup(1, daemonThreads("rpc-accept"), NioIoHandler.newFactory());
        this.io = new MultiThreadIoEventLoopGroup(1, daemonThreads("rpc-io"), NioIoHandler.newFactory());
        this.workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.maxQueuedRequests()), daemonThreads("rpc-worker"),
                new ThreadPoolExecutor.AbortPolicy());
        CounterFamily requests = metrics.counterFamily("wishledger_rpc_requests_total",
                "RPC requests by route pattern", "route");
        CounterFamily errors = metrics.counterFamily("wishledger_rpc_errors_total",
                "RPC error answers by HTTP status", "status");
        RpcHandler.Shared shared = new RpcHandler.Shared(router, workers, config, requests, errors);
        try {
            this.serverChannel = new ServerBootstrap()
                    .group(boss, io)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 256)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!admit(ch)) {
                                return;
                            }
                            RpcHandler requests = new RpcHandler(shared);
                            RpcRequestDecoder decoder = new RpcRequestDecoder(MAX_INITIAL_LINE, MAX_HEADER_BYTES,
                                    MAX_CHUNK_BYTES, requests::pipelineFull, config.requestReadTimeout().toMillis());
                            requests.decoder(decoder);
                            // Not HttpServerCodec: its decoder cannot be paused inside one socket read, and it
                            // closes a connection that pipelines more than 128 requests instead of slowing it.
                            ch.pipeline()
                                    .addLast(new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                                    .addLast(new HttpResponseEncoder())
                                    .addLast(decoder)
                                    .addLast(new SizeLimitedAggregator(config.maxRequestBytes()))
                                    .addLast(requests);
                        }
                    })
                    .bind(config.host(), config.port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdownThreads();
            throw e;
        }
    }

    /** The total and the per-address connection limits; a connection over either is closed unanswered. */
    private boolean admit(SocketChannel ch) {
        if (connections.incrementAndGet() > config.maxConnections()) {
            connections.decrementAndGet();
            LOG.warn("refusing RPC client {}: {} connections already",
                    ch.remoteAddress(), config.maxConnections());
            ch.close();
            return false;
        }
        ch.closeFuture().addListener(closed -> connections.decrementAndGet());
        if (!perAddress.admit(ch)) {
            LOG.warn("refusing RPC client {}: its address holds {} connections already",
                    ch.remoteAddress(), config.maxConnectionsPerAddress());
            ch.close();
            return false;
        }
        return true;
    }

    /** Binds and starts serving the node's routes over {@code backend}. */
    public static RpcServer start(RpcConfig config, RpcBackend backend) throws InterruptedException {
        Router router = new RpcApi(backend).register(new Router());
        return new RpcServer(config, router, backend.metrics());
    }

    /** Serves an arbitrary route table (used by tests and by tools that expose a few routes). */
    public static RpcServer start(RpcConfig config, Router router, MetricsRegistry metrics) throws InterruptedException {
        return new RpcServer(config, router, metrics);
    }

    public Router router() {
        return router;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    public String url() {
        return "http://" + config.host() + ":" + port();
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        shutdownThreads();
    }

    private void shutdownThreads() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownNow();
        boss.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
        io.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
