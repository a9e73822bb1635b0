package org.wishledger.p2p;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one persistent peer connected: dials it, and whenever there is no link to it and no dial in
 * progress, dials again after a backoff delay. A link in either direction counts (if the peer dials
 * us, we do not dial it). Attempts reset when a link is established.
 */
final class PersistentPeer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PersistentPeer.class);

    /** What a persistent peer needs from its manager. */
    interface Connector {
        boolean closed();

        boolean connected(PeerId peer);

        /** Starts a TCP connection whose pipeline runs the handshake expecting the address's key. */
        ChannelFuture dial(PeerAddress address);
    }

    private final PeerAddress address;
    private final Backoff backoff;
    private final EventLoopGroup timers;
    private final Connector connector;
    private int attempts;
    private boolean dialing;
    private ScheduledFuture<?> pending;

    PersistentPeer(PeerAddress address, Backoff backoff, EventLoopGroup timers, Connector connector) {
        this.address = address;
        this.backoff = backoff;
        this.timers = timers;
        this.connector = connector;
    }

    synchronized void dialNow() {
        if (pending == null && !dialing) {
            dial();
        }
    }

    /** A link to this peer was established (either direction). */
    synchronized void connected() {
        attempts = 0;
    }

    /** The link to this peer ended. */
    synchronized void linkLost() {
        scheduleIfIdle();
    }

    synchronized void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void scheduleIfIdle() {
        if (connector.closed() || dialing || pending != null || connector.connected(address.expected())) {
            return;
        }
        long delay = backoff.delayMillis(attempts++);
        LOG.debug("re-dialing {} in {} ms", address, delay);
        pending = timers.next().schedule(() -> {
            synchronized (this) {
                pending = null;
                dial();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void dial() {
        if (connector.closed() || connector.connected(address.expected())) {
            return;
        }
        dialing = true;
        ChannelFuture connect = connector.dial(address);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                LOG.debug("dial {} failed: {}", address, f.cause().toString());
                dialEnded();
            } else {
                // Success or failure of the handshake, and later the link's end, all end here.
                connect.channel().closeFuture().addListener(c -> dialEnded());
            }
        });
    }

    private synchronized void dialEnded() {
        dialing = false;
        scheduleIfIdle();
    }
}
