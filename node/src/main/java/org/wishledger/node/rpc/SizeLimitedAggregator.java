package org.wishledger.node.rpc;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import org.wishledger.ledger.proto.ErrorCode;

/**
 * Aggregates a request body up to the limit; a larger body gets our JSON 413 (not Netty's empty one)
 * and the connection is closed, because the rest of the oversized body is still on the wire.
 */
final class SizeLimitedAggregator extends HttpObjectAggregator {
    private final int maxBytes;

    SizeLimitedAggregator(int maxBytes) {
        super(maxBytes);
        this.maxBytes = maxBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        RpcResponse error = RpcResponse.error(ErrorCode.TOO_LARGE,
                "request body exceeds the limit of " + maxBytes + " bytes");
        ctx.writeAndFlush(RpcHandler.toHttp(error, false)).addListener(ChannelFutureListener.CLOSE);
    }
}
