package org.wishledger.node.rpc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.util.concurrent.TimeUnit;
import org.wishledger.ledger.proto.ErrorCode;

/**
 * Aggregates a request body up to the limit; a larger body gets our JSON 413 (not Netty's empty one)
 * and the connection is then ended, because the rest of the oversized body is still on the wire.
 *
 * <p>Ended gently: closing at once with that rest unread makes the kernel answer the client's next
 * segment with a reset, and a client still uploading then loses the 413 before it reads it (measured:
 * "header parser received no bytes" from the JDK's client). So the answer is followed by a half-close,
 * the rest of the body is read and discarded (by this aggregator) until the client closes, and the
 * connection is closed for good after {@link #DRAIN_MILLIS} at the latest.
 */
final class SizeLimitedAggregator extends HttpObjectAggregator {
    /** How long a client may go on uploading a refused body before the connection is closed anyway. */
    static final long DRAIN_MILLIS = 2_000;
    private final int maxBytes;

    SizeLimitedAggregator(int maxBytes) {
        super(maxBytes);
        this.maxBytes = maxBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        RpcResponse error = RpcResponse.error(ErrorCode.TOO_LARGE,
                "request body exceeds the limit of " + maxBytes + " bytes");
        ctx.writeAndFlush(RpcHandler.toHttp(error, false)).addListener(written -> {
            if (written.isSuccess() && ctx.channel() instanceof SocketChannel socket) {
                socket.shutdownOutput();
            } else {
                ctx.close();
            }
        });
        ctx.executor().schedule(() -> ctx.close(), DRAIN_MILLIS, TimeUnit.MILLISECONDS);
    }
}
