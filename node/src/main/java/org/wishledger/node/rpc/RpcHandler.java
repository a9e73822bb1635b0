package org.wishledger.node.rpc;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.node.metrics.CounterFamily;

/**
 * Per-connection request handling. Requests of one connection run one at a time, in arrival order,
 * so pipelined requests are answered strictly in order (HTTP/1.1); when too many wait, reading from the
 * connection pauses, so one client cannot queue unbounded work.
 */
final class RpcHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RpcHandler.class);
    /** Pipelined requests one connection may have waiting before we stop reading from it. */
    private static final int MAX_PIPELINED = 16;

    record Shared(Router router, ThreadPoolExecutor workers, RpcConfig config,
                  CounterFamily requests, CounterFamily errors) {
    }

    private final Shared shared;
    private RpcRequestDecoder decoder;

    RpcHandler(Shared shared) {
        this.shared = shared;
    }

    /** The decoder in front, told to go on decoding once the queue has room again. */
    void decoder(RpcRequestDecoder decoder) {
        this.decoder = decoder;
    }

    /** True while MAX_PIPELINED requests wait: the decoder then decodes no more (event loop only). */
    boolean pipelineFull() {
        return queue.size() >= MAX_PIPELINED;
    }

    /** One request's answer, produced off or on the event loop and written on it, in arrival order. */
    private record Answer(RpcResponse response, String allow, boolean keepAlive) {
    }

    @FunctionalInterface
    private interface Job {
        CompletableFuture<Answer> start();
    }

    /** Requests of this connection waiting for the one in flight; touched only on the event loop. */
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean closing;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest http) {
        enqueue(ctx, job(http));
    }

    /** Decodes the request now (the ByteBuf is released after this call); runs the route later. */
    private Job job(FullHttpRequest http) {
        boolean keepAlive = HttpUtil.isKeepAlive(http);
        if (http.decoderResult().isFailure()) {
            Throwable cause = http.decoderResult().cause();
            // Headers over the limit: 431 TOO_LARGE; a request line over the limit or anything else the
            // decoder refuses: 400 BAD_REQUEST (docs/rpc.md, "Limits").
            boolean headersTooLong = cause instanceof TooLongHttpHeaderException;
            RpcResponse error = RpcResponse.error(
                    headersTooLong ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST,
                    headersTooLong ? ErrorCode.TOO_LARGE : ErrorCode.BAD_REQUEST,
                    "malformed HTTP request: " + cause.getMessage());
            return immediate(error, null, false);
        }
        QueryStringDecoder uri;
        try {
            uri = new QueryStringDecoder(http.uri());
            uri.path(); // decodes lazily; force it so bad %-escapes fail here
            uri.parameters();
        } catch (IllegalArgumentException e) {
            return immediate(RpcResponse.error(ErrorCode.BAD_REQUEST, "malformed URI: " + e.getMessage()), null, keepAlive);
        }
        Router.Match match = shared.router().match(http.method(), uri.path());
        return switch (match) {
            case Router.Match.NoRoute n -> immediate(RpcResponse.error(ErrorCode.NOT_FOUND,
                    "no route " + http.method() + " " + uri.path()), null, keepAlive);
            case Router.Match.WrongMethod w -> immediate(RpcResponse.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    ErrorCode.BAD_REQUEST, http.method() + " is not allowed on " + uri.path() + "; use " + w.allow()),
                    w.allow(), keepAlive);
            case Router.Match.Found f -> {
                RpcRequest request = new RpcRequest(http.method(), uri.path(), f.pathParams(), uri.parameters(),
                        ByteBufUtil.getBytes(http.content()));
                yield () -> dispatch(f.route(), request, keepAlive);
            }
        };
    }

    private static Job immediate(RpcResponse response, String allow, boolean keepAlive) {
        return () -> CompletableFuture.completedFuture(new Answer(response, allow, keepAlive));
    }

    private void enqueue(ChannelHandlerContext ctx, Job job) {
        if (closing) {
            return;
        }
        queue.add(job);
        if (pipelineFull()) {
            ctx.channel().config().setAutoRead(false); // back-pressure: stop reading until the queue drains
        }
        if (!busy) {
            next(ctx);
        }
    }

    private void next(ChannelHandlerContext ctx) {
        Job job = queue.poll();
        if (job == null) {
            busy = false;
            ctx.channel().config().setAutoRead(true);
            resumeDecoding();
            return;
        }
        busy = true;
        resumeDecoding(); // may enqueue more (re-entrantly); busy is already set, so they wait their turn
        job.start().whenComplete((answer, failure) -> ctx.executor().execute(() -> {
            Answer a = answer != null ? answer
                    : new Answer(RpcResponse.error(ErrorCode.INTERNAL, "internal error"), null, false);
            write(ctx, a);
            if (!a.keepAlive()) {
                closing = true;
                queue.clear();
                return;
            }
            next(ctx);
        }));
    }

    private void resumeDecoding() {
        if (decoder != null && !closing) {
            decoder.resume();
        }
    }

    private CompletableFuture<Answer> dispatch(Route route, RpcRequest request, boolean keepAlive) {
        shared.requests().labels(route.pattern()).increment();
        CompletableFuture<RpcResponse> answer;
        try {
            answer = CompletableFuture.supplyAsync(() -> invoke(route, request), shared.workers());
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new Answer(
                    RpcResponse.error(ErrorCode.UNAVAILABLE, "the node is busy; retry shortly"), null, keepAlive));
        }
        long timeoutMs = shared.config().requestTimeout().toMillis();
        return answer.completeOnTimeout(RpcResponse.error(ErrorCode.TIMEOUT,
                        "the request did not finish within " + timeoutMs + " ms"), timeoutMs, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> new Answer(
                        response != null ? response : internalError(request, failure), null, keepAlive));
    }

    private static RpcResponse invoke(Route route, RpcRequest request) {
        try {
            return route.handler().handle(request);
        } catch (Rejection r) {
            return RpcResponse.error(r.code(), r.getMessage());
        } catch (RuntimeException e) {
            return internalError(request, e);
        }
    }

    /** Logged with its stack trace on the node; the client only learns that it was internal. */
    private static RpcResponse internalError(RpcRequest request, Throwable failure) {
        LOG.error("RPC " + request.method() + " " + request.path() + " failed", failure);
        return RpcResponse.error(ErrorCode.INTERNAL, "internal error; the node's log has the details");
    }

    private void write(ChannelHandlerContext ctx, Answer a) {
        FullHttpResponse http = toHttp(a.response(), a.keepAlive());
        if (a.allow() != null) {
            http.headers().set(HttpHeaderNames.ALLOW, a.allow());
        }
        if (a.response().status().code() >= 400) {
            shared.errors().labels(errorLabel(a.response())).increment();
        }
        var future = ctx.writeAndFlush(http);
        if (!a.keepAlive()) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String errorLabel(RpcResponse response) {
        return Integer.toString(response.status().code());
    }

    static FullHttpResponse toHttp(RpcResponse r, boolean keepAlive) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status(),
                Unpooled.wrappedBuffer(r.body()));
        http.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (keepAlive) {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return http;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) { // resets by clients are routine, not worth a log line
            LOG.warn("RPC connection error: " + cause);
        }
        ctx.close();
    }
}
