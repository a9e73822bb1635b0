package org.wishledger.p2p.frame;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.wishledger.client.wire.LengthPrefixedFrameDecoder;
import org.wishledger.client.wire.ProtocolViolation;

/**
 * Closes a connection that stops sending in the middle of a frame (a truncated frame on a connection
 * that stays open, the slow-loris shape), and optionally one that has been silent for too long.
 * Without it a peer could hold a partially filled frame buffer forever.
 */
public final class StalledFrameGuard extends IdleStateHandler {
    private final LengthPrefixedFrameDecoder decoder;
    private final BooleanSupplier readingPaused;
    private final long checkMillis;
    private final long maxIdleMillis;
    private long idleMillis;

    /**
     * @param partialFrameTimeoutMillis how long a partial frame may wait for its next byte
     * @param maxIdleMillis how long a connection may be completely silent; 0 = forever
     */
    public StalledFrameGuard(LengthPrefixedFrameDecoder decoder, long partialFrameTimeoutMillis, long maxIdleMillis) {
        this(decoder, partialFrameTimeoutMillis, maxIdleMillis, () -> false);
    }

    /**
     * @param readingPaused true while the local side has deliberately stopped reading (back-pressure):
     *        a frame left half-read then is our doing, not the peer's
     */
    public StalledFrameGuard(LengthPrefixedFrameDecoder decoder, long partialFrameTimeoutMillis, long maxIdleMillis,
                             BooleanSupplier readingPaused) {
        super(partialFrameTimeoutMillis, 0, 0, TimeUnit.MILLISECONDS);
        this.decoder = decoder;
        this.readingPaused = readingPaused;
        this.checkMillis = partialFrameTimeoutMillis;
        this.maxIdleMillis = maxIdleMillis;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        idleMillis = 0;
        super.channelRead(ctx, msg);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) throws Exception {
        if (readingPaused.getAsBoolean()) {
            idleMillis = 0;
            super.channelIdle(ctx, evt);
            return;
        }
        if (decoder.holdsPartialFrame()) {
            ctx.fireExceptionCaught(new ProtocolViolation(
                    "truncated frame: no byte for " + checkMillis + " ms in the middle of a frame"));
            return;
        }
        idleMillis += checkMillis;
        if (maxIdleMillis > 0 && idleMillis >= maxIdleMillis) {
            ctx.fireExceptionCaught(new ProtocolViolation("idle for " + idleMillis + " ms"));
            return;
        }
        super.channelIdle(ctx, evt);
    }
}
