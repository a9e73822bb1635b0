package org.wishledger.p2p;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One authenticated, encrypted connection to one peer, and its per-channel send queues. Producers on
 * any thread enqueue encoded messages; the link's event loop drains them into the socket while the
 * channel is writable (Netty's own buffer stays below the write-buffer high-water mark), so the memory
 * a slow peer can pin is the queue limits plus that mark.
 */
final class PeerLink {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PeerLink.class);

    final PeerId id;
    final Channel channel;
    final boolean outbound;
    private final Map<PeerChannel, OutboundQueue> queues = new EnumMap<>(PeerChannel.class);
    private final OutboundQueue consensus;
    private final OutboundQueue mempool;
    private final OutboundQueue blocksync;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private final AtomicLong sent = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    private final int maxFrameBytes;
    private volatile boolean superseded;
    private boolean preferMempool;

    PeerLink(PeerId id, Channel channel, boolean outbound, P2pConfig config) {
        this.id = id;
        this.channel = channel;
        this.outbound = outbound;
        this.maxFrameBytes = config.maxFrameBytes();
        this.consensus = new OutboundQueue(config.queueLimit(PeerChannel.CONSENSUS));
        this.mempool = new OutboundQueue(config.queueLimit(PeerChannel.MEMPOOL));
        this.blocksync = new OutboundQueue(config.queueLimit(PeerChannel.BLOCKSYNC));
        queues.put(PeerChannel.CONSENSUS, consensus);
        queues.put(PeerChannel.MEMPOOL, mempool);
        queues.put(PeerChannel.BLOCKSYNC, blocksync);
    }

    SendResult send(PeerChannel channelId, byte[] encoded) {
        if (!channel.isActive()) {
            return SendResult.NOT_CONNECTED;
        }
        if (encoded.length > maxFrameBytes) {
            LOG.warn("not sending a {}-byte {} message to {}: the frame maximum is {}",
                    encoded.length, channelId, id, maxFrameBytes);
            return SendResult.TOO_LARGE;
        }
        if (channelId == PeerChannel.LINK) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(encoded));
            return SendResult.QUEUED;
        }
        OutboundQueue queue = queues.get(channelId);
        if (!queue.offer(encoded)) {
            QueueLimit limit = queue.limit();
            if (limit.overflow() == QueueLimit.Overflow.DISCONNECT) {
                close(channelId + " send queue full (" + queue.queuedMessages() + " messages, "
                        + queue.queuedBytes() + " bytes): peer too slow");
                return SendResult.DISCONNECTED_QUEUE_FULL;
            }
            return SendResult.DROPPED_QUEUE_FULL;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drainTask);
        }
        return SendResult.QUEUED;
    }

    /** Event loop only: move queued messages into the socket while it accepts them. */
    void drain() {
        drainScheduled.set(false);
        if (!channel.isActive()) {
            clearQueues();
            return;
        }
        int written = 0;
        while (channel.isWritable()) {
            byte[] next = next();
            if (next == null) {
                break;
            }
            channel.write(Unpooled.wrappedBuffer(next), channel.voidPromise());
            written++;
        }
        if (written > 0) {
            sent.addAndGet(written);
            channel.flush();
        }
    }

    // CONSENSUS first; MEMPOOL and BLOCKSYNC take turns so a block transfer cannot starve tx gossip
    // (or the reverse).
    private byte[] next() {
        byte[] m = consensus.poll();
        if (m != null) {
            return m;
        }
        preferMempool = !preferMempool;
        OutboundQueue first = preferMempool ? mempool : blocksync;
        OutboundQueue second = preferMempool ? blocksync : mempool;
        m = first.poll();
        return m != null ? m : second.poll();
    }

    void clearQueues() {
        for (OutboundQueue q : queues.values()) {
            q.clear();
        }
    }

    void close(String reason) {
        if (channel.isActive()) {
            LOG.info("closing link to {} ({}): {}", id, channel.remoteAddress(), reason);
        }
        channel.close();
    }

    /** Marks a link replaced by a newer one to the same peer: its close must not be reported. */
    void supersede() {
        superseded = true;
    }

    boolean superseded() {
        return superseded;
    }

    LinkStats stats() {
        Map<PeerChannel, Long> bytes = new EnumMap<>(PeerChannel.class);
        Map<PeerChannel, Integer> counts = new EnumMap<>(PeerChannel.class);
        Map<PeerChannel, Long> overflows = new EnumMap<>(PeerChannel.class);
        queues.forEach((c, q) -> {
            bytes.put(c, q.queuedBytes());
            counts.put(c, q.queuedMessages());
            overflows.put(c, q.overflows());
        });
        return new LinkStats(id, outbound, channel.remoteAddress(), bytes, counts, overflows, sent.get(), received.get());
    }
}
