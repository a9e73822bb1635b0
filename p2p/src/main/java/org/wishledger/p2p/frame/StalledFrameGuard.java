package org.wishledger.p2p.frame;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.wishledger.client.wire.LengthPrefixedFrameDecoder;
import org.wishledger.client.wire.ProtocolViolation;

/**
 * Two per-connection deadlines in front of a {@link LengthPrefixedFrameDecoder}:
 * <ul>
 *   <li>whole-frame: a frame must be complete within {@code frameTimeoutMillis} of its FIRST byte. Measuring
 *       only the gaps between bytes (as an idle timer does) lets a peer that sends one byte a second hold a
 *       connection and a frame buffer for as long as the frame is long;</li>
 *   <li>idle: a connection that sends nothing for {@code maxIdleMillis} while we owe it nothing is closed,
 *       so abandoned connections give their slot back.</li>
 * </ul>
 * Neither clock runs while {@code readingPaused} is true (the local side stopped reading: the delay is
 * ours), and the idle clock does not run while {@code owesAnswers} is true (the peer is waiting for us).
 * A check runs every quarter of the shorter deadline, so a deadline is enforced within 25 % of its value.
 * Owned by the channel's event loop.
 */
public final class StalledFrameGuard extends ChannelDuplexHandler {
    private final LengthPrefixedFrameDecoder decoder;
    private final BooleanSupplier readingPaused;
    private final BooleanSupplier owesAnswers;
    private final long frameTimeoutNanos;
    private final long maxIdleNanos;
    private final long checkMillis;
    private long frameStartNanos = -1; // -1: no partial frame
    private long lastReadNanos;
    private ScheduledFuture<?> check;

    /**
     * @param frameTimeoutMillis how long one frame may take from its first byte to its last
     * @param maxIdleMillis how long a connection may be completely silent; 0 = forever
     */
    public StalledFrameGuard(LengthPrefixedFrameDecoder decoder, long frameTimeoutMillis, long maxIdleMillis) {
        this(decoder, frameTimeoutMillis, maxIdleMillis, () -> false, () -> false);
    }

    /**
     * @param readingPaused true while the local side has deliberately stopped reading (back-pressure):
     *        a frame left half-read then is our doing, not the peer's
     * @param owesAnswers true while the peer waits for answers from us; it is not idle then
     */
    public StalledFrameGuard(LengthPrefixedFrameDecoder decoder, long frameTimeoutMillis, long maxIdleMillis,
                             BooleanSupplier readingPaused, BooleanSupplier owesAnswers) {
        if (frameTimeoutMillis <= 0) {
            throw new IllegalArgumentException("frameTimeoutMillis must be > 0: " + frameTimeoutMillis);
        }
        this.decoder = decoder;
        this.readingPaused = readingPaused;
        this.owesAnswers = owesAnswers;
        this.frameTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(frameTimeoutMillis);
        this.maxIdleNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxIdleMillis));
        long shorter = maxIdleMillis > 0 ? Math.min(frameTimeoutMillis, maxIdleMillis) : frameTimeoutMillis;
        this.checkMillis = Math.max(1, shorter / 4);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        if (check != null) {
            return;
        }
        lastReadNanos = System.nanoTime();
        check = ctx.executor().scheduleAtFixedRate(() -> check(ctx), checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        lastReadNanos = System.nanoTime();
        ctx.fireChannelRead(msg); // the decoder runs synchronously: afterwards it knows whether a frame is open
        trackFrame(lastReadNanos);
    }

    private void trackFrame(long now) {
        if (!decoder.holdsPartialFrame()) {
            frameStartNanos = -1;
        } else if (frameStartNanos < 0) {
            frameStartNanos = now;
        }
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            stop();
            return;
        }
        long now = System.nanoTime();
        trackFrame(now); // frames completed by a read that another handler requested
        if (readingPaused.getAsBoolean()) {
            lastReadNanos = now;
            if (frameStartNanos >= 0) {
                frameStartNanos = now; // the frame's time starts again once we read again
            }
            return;
        }
        if (frameStartNanos >= 0 && now - frameStartNanos > frameTimeoutNanos) {
            ctx.fireExceptionCaught(new ProtocolViolation("frame not complete within "
                    + TimeUnit.NANOSECONDS.toMillis(frameTimeoutNanos) + " ms of its first byte"));
            stop();
            return;
        }
        if (owesAnswers.getAsBoolean()) {
            lastReadNanos = now;
            return;
        }
        if (maxIdleNanos > 0 && frameStartNanos < 0 && now - lastReadNanos > maxIdleNanos) {
            ctx.fireExceptionCaught(new ProtocolViolation("idle for "
                    + TimeUnit.NANOSECONDS.toMillis(now - lastReadNanos) + " ms"));
            stop();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void stop() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
