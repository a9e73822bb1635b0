package org.wishledger.p2p.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import java.util.concurrent.atomic.AtomicInteger;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import org.wishledger.client.wire.EventLoops;
import org.wishledger.client.wire.LengthPrefixedFrameDecoder;
import org.wishledger.p2p.frame.PerAddressConnectionLimit;
import org.wishledger.p2p.frame.StalledFrameGuard;

/**
 * The native client port: plain TCP, each frame a 4-byte big-endian length and one ClientRequest
 * (in) or ClientResponse (out), requests pipelined and matched by request_id. An undecodable frame is
 * answered with {@code Rejected{MALFORMED}} and the connection goes on; a length prefix above the
 * maximum, or a frame not complete within the frame deadline of its first byte, closes the connection
 * (its stream cannot be resynchronised); so does an idle connection, and one over the total or the
 * per-address connection limit is closed on accept.
 */
public final class ClientServer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientServer.class);

    private final ClientServerConfig config;
    private final ClientRequestHandler handler;
    private final EventLoopGroup group;
    /** Open client connections; closed explicitly on close() so waiting clients fail at once. */
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    /** Connections admitted and not yet closed; the limit is enforced on this, not on the group. */
    private final AtomicInteger slots = new AtomicInteger();
    private final PerAddressConnectionLimit perAddress;
    private Channel serverChannel;

    public ClientServer(ClientServerConfig config, ClientRequestHandler handler) {
        this.config = config;
        this.handler = handler;
        this.perAddress = new PerAddressConnectionLimit(config.maxConnectionsPerAddress());
        this.group = EventLoops.create("client-io", config.ioThreads());
    }

    public ClientServer start() throws InterruptedException {
        serverChannel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false) // reads are requested by the handler
                // responses a client leaves unread stop our reading above this mark
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 << 10, 64 << 10))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // A slot is reserved atomically: accepts run on several event loops at once, and a
                        // check-then-add on the group's size would let each of them through.
                        if (slots.incrementAndGet() > config.maxConnections()) {
                            slots.decrementAndGet();
                            LOG.warn("refusing client {}: {} connections already",
                                    ch.remoteAddress(), config.maxConnections());
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(closed -> slots.decrementAndGet());
                        if (!perAddress.admit(ch)) {
                            LOG.warn("refusing client {}: its address holds {} connections already",
                                    ch.remoteAddress(), perAddress.maxPerAddress());
                            ch.close();
                            return;
                        }
                        clients.add(ch); // removed by the group itself when the channel closes
                        LengthPrefixedFrameDecoder frames = new LengthPrefixedFrameDecoder(config.maxFrameBytes());
                        ClientConnectionHandler requests = new ClientConnectionHandler(handler, config.maxInFlightPerConnection());
                        ch.pipeline()
                                .addLast("flush", new FlushConsolidationHandler(256, true))
                                .addLast("guard", new StalledFrameGuard(frames, config.partialFrameTimeoutMillis(),
                                        config.idleTimeoutMillis(), requests::throttled, requests::owesAnswers))
                                .addLast("frames", frames)
                                .addLast("prefix", new LengthFieldPrepender(LengthPrefixedFrameDecoder.LENGTH_BYTES))
                                .addLast("flow", new FlowControlHandler())
                                .addLast("requests", requests);
                    }
                })
                .bind(config.host(), config.port()).sync().channel();
        LOG.info("native client port listening on {}", serverChannel.localAddress());
        return this;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int connections() {
        return clients.size();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        clients.close().awaitUninterruptibly(); // before the loops stop: clients see the close, not silence
        EventLoops.shutdown(group);
    }
}
