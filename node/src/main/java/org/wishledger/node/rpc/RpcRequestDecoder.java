package org.wishledger.node.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.wishledger.ledger.proto.ErrorCode;

/**
 * The RPC's HTTP request decoder, with the two guards a plain decoder lacks:
 * <ul>
 *   <li>back-pressure that holds inside one socket read: while {@code pipelineFull} is true it decodes
 *       nothing more and leaves the bytes buffered (200 pipelined requests arriving in one TCP segment
 *       would otherwise all be decoded at once, whatever the handler's queue limit); {@link #resume()}
 *       decodes the rest once the handler's queue has room;</li>
 *   <li>a whole-request deadline: a request must arrive complete within {@code requestDeadlineMillis}
 *       of its first byte, or it is answered {@code 408 TIMEOUT} and the connection closed (an idle
 *       timer, reset by every byte, never fires on a request trickled one byte a second). The clock does
 *       not run while decoding is paused by us.</li>
 * </ul>
 * Owned by the channel's event loop.
 */
final class RpcRequestDecoder extends HttpRequestDecoder {
    private final BooleanSupplier pipelineFull;
    private final long deadlineNanos;
    private final long checkMillis;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> check;
    private boolean stalled;      // decode() returned early because the pipeline was full
    private long requestStartNanos = -1; // -1: between requests

    RpcRequestDecoder(int maxInitialLine, int maxHeaderBytes, int maxChunkBytes, BooleanSupplier pipelineFull,
                      long requestDeadlineMillis) {
        super(new HttpDecoderConfig().setMaxInitialLineLength(maxInitialLine).setMaxHeaderSize(maxHeaderBytes)
                .setMaxChunkSize(maxChunkBytes));
        this.pipelineFull = pipelineFull;
        this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(requestDeadlineMillis);
        this.checkMillis = Math.max(1, requestDeadlineMillis / 4);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        check = ctx.executor().scheduleAtFixedRate(this::checkDeadline, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stopChecking();
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        stopChecking();
        super.handlerRemoved0(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (pipelineFull.getAsBoolean()) {
            stalled = true;
            requestStartNanos = -1; // our doing: the client's clock starts again when we read on
            return; // consumes nothing, so ByteToMessageDecoder stops and keeps the bytes
        }
        if (requestStartNanos < 0 && in.isReadable()) {
            requestStartNanos = System.nanoTime();
        }
        int before = out.size();
        super.decode(ctx, in, out);
        for (int i = before; i < out.size(); i++) {
            if (out.get(i) instanceof LastHttpContent) {
                requestStartNanos = in.isReadable() ? System.nanoTime() : -1;
            }
        }
    }

    /** Decodes what stayed buffered while the pipeline was full (event loop only). */
    void resume() {
        if (!stalled || ctx == null || pipelineFull.getAsBoolean() || ctx.isRemoved()) {
            return;
        }
        stalled = false;
        try {
            channelRead(ctx, Unpooled.EMPTY_BUFFER); // no new bytes: runs the decode loop over the buffered ones
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    private void checkDeadline() {
        if (requestStartNanos < 0 || !ctx.channel().isActive()) {
            return;
        }
        if (System.nanoTime() - requestStartNanos > deadlineNanos) {
            requestStartNanos = -1;
            stopChecking();
            RpcResponse timeout = RpcResponse.error(HttpResponseStatus.REQUEST_TIMEOUT, ErrorCode.TIMEOUT,
                    "the request did not arrive complete within " + TimeUnit.NANOSECONDS.toMillis(deadlineNanos)
                            + " ms of its first byte");
            ctx.writeAndFlush(RpcHandler.toHttp(timeout, false)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void stopChecking() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
