package org.wishledger.p2p;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.client.wire.LengthPrefixedFrameDecoder;
import org.wishledger.p2p.frame.StalledFrameGuard;
import org.wishledger.p2p.secure.PeerAuthPolicy;
import org.wishledger.p2p.secure.SecretHandshakeHandler;
import org.wishledger.client.wire.EventLoops;

/**
 * The node's peer layer: listens for peers, dials and re-dials its persistent peers, keeps exactly
 * one authenticated link per peer, and moves PeerMessages between links and the node.
 *
 * <p>Duplicate links (both nodes dialed each other at once, or a peer came back after a restart) are
 * resolved the same way on both ends: between an inbound and an outbound link, the one dialed by the
 * node with the lower key survives; between two links of the same direction, the newer survives (the
 * older one is from before a restart and is dead or soon will be).
 *
 * <p>Threading: see {@link PeerListener}. {@code send}/{@code broadcast} may be called from any thread
 * and never block.
 */
public final class PeerManager implements PeerSender, AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PeerManager.class);

    private final P2pConfig config;
    private final PeerListener listener;
    private final PeerId localId;
    private final EventLoopGroup group;
    private final Map<PeerId, PeerLink> links = new ConcurrentHashMap<>();
    private final Map<PeerId, PersistentPeer> persistentPeers = new ConcurrentHashMap<>();
    private final AtomicInteger inboundConnections = new AtomicInteger();
    private final org.wishledger.p2p.frame.PerAddressConnectionLimit inboundPerAddress;
    private final AtomicLong failedHandshakes = new AtomicLong();
    private final Bootstrap dialBootstrap;
    /** Local address of outbound links: the listen address when it names one interface, else any. */
    private final InetSocketAddress dialFrom;
    private final Backoff backoff;
    private final PersistentPeer.Connector connector = new PersistentPeer.Connector() {
        @Override
        public boolean closed() {
            return closed;
        }

        @Override
        public boolean connected(PeerId peer) {
            return links.containsKey(peer);
        }

        @Override
        public ChannelFuture dial(PeerAddress address) {
            PeerAuthPolicy expect = PeerAuthPolicy.expect(address.expected().key());
            return dialBootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    installPipeline(ch, true, expect);
                }
            }).connect(new InetSocketAddress(address.host(), address.port()), dialFrom);
        }
    };
    private volatile boolean closed;
    private Channel serverChannel;

    public PeerManager(P2pConfig config, PeerListener listener) {
        this.config = config;
        this.listener = listener;
        this.inboundPerAddress = new org.wishledger.p2p.frame.PerAddressConnectionLimit(config.maxInboundPerAddress());
        this.localId = PeerId.of(config.nodeKey().publicKey());
        this.group = EventLoops.create("p2p-" + localId, config.ioThreads());
        this.backoff = new Backoff(config.reconnectBaseMillis(), config.reconnectMaxMillis(), config.jitterSeed());
        this.dialBootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.handshakeTimeoutMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark());
        this.dialFrom = dialFrom(config.listenHost());
    }

    /**
     * A node that listens on one address also dials from it, so its peers see one address for it in
     * both directions (and firewall rules on addresses, e.g. a chaos run's partition, cut both). A
     * wildcard listen address leaves the choice to the kernel.
     */
    static InetSocketAddress dialFrom(String listenHost) {
        InetSocketAddress local = new InetSocketAddress(listenHost, 0);
        return local.getAddress() != null && local.getAddress().isAnyLocalAddress() ? null : local;
    }

    /** Binds the listen address and starts dialing the persistent peers. */
    public void start() throws InterruptedException {
        WriteBufferWaterMark mark = waterMark();
        serverChannel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true) // a restarted node rebinds its port at once
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, mark)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (inboundConnections.incrementAndGet() > config.maxInboundConnections()) {
                            inboundConnections.decrementAndGet();
                            LOG.warn("refusing {}: {} inbound connections already",
                                    ch.remoteAddress(), config.maxInboundConnections());
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> inboundConnections.decrementAndGet());
                        if (!inboundPerAddress.admit(ch)) { // one host cannot take every inbound slot
                            LOG.warn("refusing {}: its address holds {} inbound connections already",
                                    ch.remoteAddress(), inboundPerAddress.maxPerAddress());
                            ch.close();
                            return;
                        }
                        installPipeline(ch, false, inboundPolicy());
                    }
                })
                .bind(config.listenHost(), config.listenPort()).sync().channel();
        LOG.info("p2p node {} listening on {}", localId.hex(), serverChannel.localAddress());
        for (PeerAddress peer : config.persistentPeers()) {
            addPersistentPeer(peer);
        }
    }

    /** Adds a peer to keep a link with (dialed now, re-dialed with backoff whenever the link is lost). */
    public void addPersistentPeer(PeerAddress peer) {
        if (peer.expected().equals(localId)) {
            return; // a shared peer list usually names the node itself
        }
        PersistentPeer persistent = new PersistentPeer(peer, backoff, group, connector);
        if (persistentPeers.putIfAbsent(peer.expected(), persistent) == null) {
            persistent.dialNow();
        }
    }

    public PeerId localId() {
        return localId;
    }

    public InetSocketAddress listenAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    @Override
    public SendResult send(PeerId peer, PeerMessage message) {
        PeerLink link = links.get(peer);
        if (link == null) {
            return SendResult.NOT_CONNECTED;
        }
        return link.send(PeerChannel.of(message), message.toByteArray());
    }

    @Override
    public int broadcast(PeerMessage message, Predicate<PeerId> filter) {
        PeerChannel channel = PeerChannel.of(message);
        byte[] encoded = null; // encoded once, shared by every peer's queue (queues never mutate it)
        int queued = 0;
        for (PeerLink link : links.values()) {
            if (!filter.test(link.id)) {
                continue;
            }
            if (encoded == null) {
                encoded = message.toByteArray();
            }
            if (link.send(channel, encoded) == SendResult.QUEUED) {
                queued++;
            }
        }
        return queued;
    }

    @Override
    public Set<PeerId> peers() {
        return Set.copyOf(links.keySet());
    }

    /** Connections (either direction) that closed before the handshake verified the peer. */
    public long failedHandshakes() {
        return failedHandshakes.get();
    }

    public Optional<LinkStats> stats(PeerId peer) {
        PeerLink link = links.get(peer);
        return link == null ? Optional.empty() : Optional.of(link.stats());
    }

    /** Every live link, for RPC status and metrics. */
    public List<LinkStats> allStats() {
        List<LinkStats> all = new ArrayList<>();
        for (PeerLink link : links.values()) {
            all.add(link.stats());
        }
        return all;
    }

    /** Closes the link to a peer (e.g. it sent an invalid block); a persistent peer is re-dialed later. */
    public void disconnect(PeerId peer, String reason) {
        PeerLink link = links.get(peer);
        if (link != null) {
            link.close(reason);
        }
    }

    @Override
    public void close() {
        List<PeerLink> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(links.values());
        }
        persistentPeers.values().forEach(PersistentPeer::cancel);
        // Called from one of our own event loops (e.g. from a listener), waiting would deadlock:
        // close asynchronously instead.
        boolean onOwnThread = false;
        for (io.netty.util.concurrent.EventExecutor executor : group) {
            onOwnThread |= executor.inEventLoop();
        }
        if (serverChannel != null) {
            await(serverChannel.close(), onOwnThread);
        }
        for (PeerLink link : open) {
            await(link.channel.close(), onOwnThread);
        }
        if (onOwnThread) {
            group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        } else {
            EventLoops.shutdown(group);
        }
    }

    private static void await(ChannelFuture future, boolean onOwnThread) {
        if (!onOwnThread) {
            future.awaitUninterruptibly();
        }
    }

    // ---- called by the link handlers -------------------------------------------------------------

    /** @return true if the link is kept; false if it lost a duplicate tie-break (and is being closed) */
    boolean register(PeerLink link) {
        synchronized (this) {
            if (closed) {
                link.channel.close();
                return false;
            }
            PeerLink existing = links.get(link.id);
            if (existing != null) {
                if (existing.channel.isActive() && !newLinkWins(existing, link)) {
                    link.close("duplicate link; keeping the " + (existing.outbound ? "outbound" : "inbound") + " one");
                    return false;
                }
                // The old link (live or already closing) ends here for the node: report it now, and
                // make its own close silent, so connect/disconnect events strictly alternate.
                existing.supersede();
                existing.close("replaced by a newer " + (link.outbound ? "outbound" : "inbound") + " link");
                notifyDisconnected(link.id);
            }
            links.put(link.id, link);
            PersistentPeer persistent = persistentPeers.get(link.id);
            if (persistent != null) {
                persistent.connected();
            }
            LOG.info("link to {} up ({}, {})", link.id,
                    link.outbound ? "outbound" : "inbound", link.channel.remoteAddress());
            notifyConnected(link.id);
            return true;
        }
    }

    private boolean newLinkWins(PeerLink existing, PeerLink fresh) {
        if (existing.outbound == fresh.outbound) {
            return true;
        }
        boolean localIsLower = localId.compareTo(fresh.id) < 0;
        // Keep the link dialed by the lower key: ours if we are lower (i.e. the outbound one).
        return fresh.outbound == localIsLower;
    }

    void unregister(PeerLink link) {
        synchronized (this) {
            if (link.superseded() || !links.remove(link.id, link)) {
                return;
            }
            LOG.info("link to {} down", link.id);
            notifyDisconnected(link.id);
        }
        PersistentPeer persistent = persistentPeers.get(link.id);
        if (persistent != null) {
            persistent.linkLost();
        }
    }

    void handshakeFailed() {
        failedHandshakes.incrementAndGet();
    }

    void deliver(PeerLink link, PeerMessage message) {
        if (link.superseded()) {
            return;
        }
        try {
            listener.onMessage(link.id, message);
        } catch (RuntimeException e) {
            LOG.error("listener failed on a message from " + link.id, e);
        }
    }

    private void notifyConnected(PeerId id) {
        try {
            listener.onPeerConnected(id);
        } catch (RuntimeException e) {
            LOG.error("listener failed on connect of " + id, e);
        }
    }

    private void notifyDisconnected(PeerId id) {
        try {
            listener.onPeerDisconnected(id);
        } catch (RuntimeException e) {
            LOG.error("listener failed on disconnect of " + id, e);
        }
    }

    private PeerAuthPolicy inboundPolicy() {
        if (config.allowedPeers().isEmpty()) {
            return PeerAuthPolicy.acceptAny();
        }
        return key -> {
            PeerId id = PeerId.of(key);
            return config.allowedPeers().contains(id) || persistentPeers.containsKey(id) ? null
                    : "node key " + id + " is not in the allow-list";
        };
    }

    private void installPipeline(Channel ch, boolean outbound, PeerAuthPolicy policy) {
        LengthPrefixedFrameDecoder frames = new LengthPrefixedFrameDecoder(SecretHandshakeHandler.HANDSHAKE_MAX_FRAME);
        ch.pipeline()
                .addLast("guard", new StalledFrameGuard(frames, config.partialFrameTimeoutMillis(), config.idleTimeoutMillis()))
                .addLast("frames", frames)
                .addLast("prefix", new LengthFieldPrepender(LengthPrefixedFrameDecoder.LENGTH_BYTES))
                .addLast("handshake", new SecretHandshakeHandler(config.nodeKey(), config.network(), policy, outbound,
                        config.handshakeTimeoutMillis(), frames, config.maxFrameBytes()))
                .addLast("link", new PeerLinkHandler(this, config));
    }

    private WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(config.writeBufferLowBytes(), config.writeBufferHighBytes());
    }
}
