package org.wishledger.p2p;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.wishledger.ledger.crypto.KeyPair;

/** Everything a PeerManager needs; built with {@link #builder(KeyPair, String)}. Immutable. */
public final class P2pConfig {
    /** Blocks are at most 4 MiB; a proposal or a block response carries one plus small overhead. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 8 << 20;

    private final KeyPair nodeKey;
    private final String network;
    private final String listenHost;
    private final int listenPort;
    private final int maxFrameBytes;
    private final long handshakeTimeoutMillis;
    private final long partialFrameTimeoutMillis;
    private final long pingIntervalMillis;
    private final long idleTimeoutMillis;
    private final List<PeerAddress> persistentPeers;
    private final Set<PeerId> allowedPeers;
    private final int maxInboundConnections;
    private final int maxInboundPerAddress;
    private final long reconnectBaseMillis;
    private final long reconnectMaxMillis;
    private final long jitterSeed;
    private final int ioThreads;
    private final int writeBufferLowBytes;
    private final int writeBufferHighBytes;
    private final Map<PeerChannel, QueueLimit> queueLimits;

    private P2pConfig(Builder b) {
        this.nodeKey = Objects.requireNonNull(b.nodeKey, "nodeKey");
        this.network = Objects.requireNonNull(b.network, "network");
        this.listenHost = b.listenHost;
        this.listenPort = b.listenPort;
        this.maxFrameBytes = b.maxFrameBytes;
        this.handshakeTimeoutMillis = b.handshakeTimeoutMillis;
        this.partialFrameTimeoutMillis = b.partialFrameTimeoutMillis;
        this.pingIntervalMillis = b.pingIntervalMillis;
        this.idleTimeoutMillis = b.idleTimeoutMillis;
        this.persistentPeers = List.copyOf(b.persistentPeers);
        this.allowedPeers = Set.copyOf(b.allowedPeers);
        this.maxInboundConnections = b.maxInboundConnections;
        this.maxInboundPerAddress = Math.min(b.maxInboundPerAddress, b.maxInboundConnections);
        this.reconnectBaseMillis = b.reconnectBaseMillis;
        this.reconnectMaxMillis = b.reconnectMaxMillis;
        this.jitterSeed = b.jitterSeed;
        this.ioThreads = b.ioThreads;
        this.writeBufferLowBytes = b.writeBufferLowBytes;
        this.writeBufferHighBytes = b.writeBufferHighBytes;
        this.queueLimits = Map.copyOf(b.queueLimits);
        if (idleTimeoutMillis <= pingIntervalMillis) {
            throw new IllegalArgumentException("idleTimeoutMillis must exceed pingIntervalMillis");
        }
    }

    public static Builder builder(KeyPair nodeKey, String network) {
        return new Builder(nodeKey, network);
    }

    public KeyPair nodeKey() { return nodeKey; }
    public String network() { return network; }
    public String listenHost() { return listenHost; }
    public int listenPort() { return listenPort; }
    public int maxFrameBytes() { return maxFrameBytes; }
    public long handshakeTimeoutMillis() { return handshakeTimeoutMillis; }
    public long partialFrameTimeoutMillis() { return partialFrameTimeoutMillis; }
    public long pingIntervalMillis() { return pingIntervalMillis; }
    public long idleTimeoutMillis() { return idleTimeoutMillis; }
    public List<PeerAddress> persistentPeers() { return persistentPeers; }
    /** Empty = any authenticated key may connect inbound; otherwise only these (and persistent peers). */
    public Set<PeerId> allowedPeers() { return allowedPeers; }
    public int maxInboundConnections() { return maxInboundConnections; }
    /** Inbound connections one IP address may hold (issue 10); a quarter of the total by default. */
    public int maxInboundPerAddress() { return maxInboundPerAddress; }
    public long reconnectBaseMillis() { return reconnectBaseMillis; }
    public long reconnectMaxMillis() { return reconnectMaxMillis; }
    public long jitterSeed() { return jitterSeed; }
    public int ioThreads() { return ioThreads; }
    public int writeBufferLowBytes() { return writeBufferLowBytes; }
    public int writeBufferHighBytes() { return writeBufferHighBytes; }
    public QueueLimit queueLimit(PeerChannel channel) { return queueLimits.get(channel); }

    public static final class Builder {
        private final KeyPair nodeKey;
        private final String network;
        private String listenHost = "127.0.0.1";
        private int listenPort = 0;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private long handshakeTimeoutMillis = 5_000;
        private long partialFrameTimeoutMillis = 10_000;
        private long pingIntervalMillis = 5_000;
        private long idleTimeoutMillis = 20_000;
        private final List<PeerAddress> persistentPeers = new ArrayList<>();
        private final Set<PeerId> allowedPeers = new HashSet<>();
        private int maxInboundConnections = 64;
        private int maxInboundPerAddress = 16;
        private long reconnectBaseMillis = 200;
        private long reconnectMaxMillis = 10_000;
        private long jitterSeed = System.nanoTime();
        private int ioThreads = 2;
        private int writeBufferLowBytes = 256 << 10;
        private int writeBufferHighBytes = 1 << 20;
        private final Map<PeerChannel, QueueLimit> queueLimits = new EnumMap<>(PeerChannel.class);

        private Builder(KeyPair nodeKey, String network) {
            this.nodeKey = nodeKey;
            this.network = network;
            // Proposals carry whole blocks (<= 4 MiB): a few of them must fit. A consensus queue that
            // overflows means the peer is hopelessly behind; reconnecting resynchronises it.
            queueLimits.put(PeerChannel.CONSENSUS, new QueueLimit(4096, 16L << 20, QueueLimit.Overflow.DISCONNECT));
            // Tx gossip is best effort: a tx a slow peer misses reaches it in a block.
            queueLimits.put(PeerChannel.MEMPOOL, new QueueLimit(4096, 8L << 20, QueueLimit.Overflow.DROP_NEWEST));
            // A dropped block response is re-requested by the syncer after its timeout.
            queueLimits.put(PeerChannel.BLOCKSYNC, new QueueLimit(256, 16L << 20, QueueLimit.Overflow.DROP_NEWEST));
        }

        public Builder listen(String host, int port) { this.listenHost = host; this.listenPort = port; return this; }
        public Builder maxFrameBytes(int v) { this.maxFrameBytes = v; return this; }
        public Builder handshakeTimeoutMillis(long v) { this.handshakeTimeoutMillis = v; return this; }
        public Builder partialFrameTimeoutMillis(long v) { this.partialFrameTimeoutMillis = v; return this; }
        public Builder pingIntervalMillis(long v) { this.pingIntervalMillis = v; return this; }
        public Builder idleTimeoutMillis(long v) { this.idleTimeoutMillis = v; return this; }
        public Builder persistentPeer(PeerAddress peer) { this.persistentPeers.add(peer); return this; }
        public Builder persistentPeers(List<PeerAddress> peers) { this.persistentPeers.addAll(peers); return this; }
        public Builder allowPeer(PeerId peer) { this.allowedPeers.add(peer); return this; }
        public Builder maxInboundConnections(int v) { this.maxInboundConnections = v; return this; }
        public Builder maxInboundPerAddress(int v) { this.maxInboundPerAddress = v; return this; }
        public Builder reconnectBackoff(long baseMillis, long maxMillis) {
            this.reconnectBaseMillis = baseMillis;
            this.reconnectMaxMillis = maxMillis;
            return this;
        }
        public Builder jitterSeed(long v) { this.jitterSeed = v; return this; }
        public Builder ioThreads(int v) { this.ioThreads = v; return this; }
        public Builder writeBuffer(int lowBytes, int highBytes) {
            this.writeBufferLowBytes = lowBytes;
            this.writeBufferHighBytes = highBytes;
            return this;
        }
        public Builder queueLimit(PeerChannel channel, QueueLimit limit) {
            if (channel == PeerChannel.LINK) {
                throw new IllegalArgumentException("the LINK channel has no queue");
            }
            this.queueLimits.put(channel, limit);
            return this;
        }

        public P2pConfig build() {
            return new P2pConfig(this);
        }
    }
}
