package org.wishledger.p2p.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.wishledger.ledger.error.ErrorCodes;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ClientRequest;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Rejected;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.client.wire.ConnectionErrors;

/**
 * One client connection. Reads are manual (auto-read off, a FlowControlHandler in front): the handler
 * asks for the next request only while fewer than maxInFlight are awaiting answers, so a client that
 * pipelines faster than the node admits is slowed by TCP, and the server never holds more than
 * maxInFlight requests of one connection. Responses go out in completion order, each carrying its
 * request_id.
 */
final class ClientConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientConnectionHandler.class);

    private static final int TX_HASH_BYTES = 32;

    private final ClientRequestHandler handler;
    private final int maxInFlight;
    private int inFlight; // event loop only
    private boolean readPending;
    private int readDepth;
    private Runnable deferredRead;
    private io.netty.channel.Channel channel;

    ClientConnectionHandler(ClientRequestHandler handler, int maxInFlight) {
        this.handler = handler;
        this.maxInFlight = maxInFlight;
    }

    /**
     * True while we deliberately do not read this connection (event loop only): it is at its
     * in-flight limit, or it does not read its responses (our outbound buffer is above the high-water
     * mark). The second rule is what bounds memory against a client that pipelines requests and never
     * reads: without it, answered requests would pile up in the outbound buffer without limit.
     */
    boolean throttled() {
        return inFlight >= maxInFlight || (channel != null && !channel.isWritable());
    }

    /** True while requests of this connection await answers (event loop only): it is not idle then. */
    boolean owesAnswers() {
        return inFlight > 0;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        requestMore(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        requestMore(ctx);
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readDepth++;
        try {
            onFrame(ctx, msg);
        } finally {
            readDepth--;
        }
    }

    private void onFrame(ChannelHandlerContext ctx, Object msg) {
        readPending = false;
        ByteBuf frame = (ByteBuf) msg;
        ClientRequest request;
        try {
            request = ClientRequest.parser().parseFrom(frame.nioBuffer());
        } catch (InvalidProtocolBufferException e) {
            // The frame boundary is intact, so the connection can go on: answer and keep reading.
            respond(ctx, rejected(0, ErrorCode.MALFORMED, "request frame does not decode as a ClientRequest: "
                    + e.getMessage()));
            requestMore(ctx);
            return;
        } finally {
            ReferenceCountUtil.release(frame);
        }
        long requestId = request.getRequestId();
        String badShape = shapeProblem(request);
        if (badShape != null) {
            respond(ctx, rejected(requestId, ErrorCode.BAD_REQUEST, badShape));
            requestMore(ctx);
            return;
        }
        inFlight++;
        CompletionStage<ClientResponse> stage;
        try {
            stage = handler.handle(request);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            stage = CompletableFuture.failedFuture(
                    new IllegalStateException("the node's handler returned no CompletionStage"));
        }
        stage.whenComplete((response, error) -> {
            ClientResponse answer;
            if (error != null) {
                answer = fromError(requestId, error);
            } else if (response == null) {
                answer = fromError(requestId, new IllegalStateException("the node's handler answered null"));
            } else {
                answer = response.toBuilder().setRequestId(requestId).build();
            }
            if (ctx.executor().inEventLoop()) {
                completed(ctx, answer);
            } else {
                ctx.executor().execute(() -> completed(ctx, answer));
            }
        });
        requestMore(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        // A socket read that ended mid-frame delivers nothing; with auto-read off, nobody would ask
        // for the rest of that frame unless we do it here.
        if (readPending) {
            readPending = false;
            requestMore(ctx);
        }
        super.channelReadComplete(ctx);
    }

    /**
     * Checks the protobuf cannot express: an enum number outside WaitFor (it decodes, as UNRECOGNIZED, and
     * the node would admit the tx without ever answering) and a query hash that is not a SHA-256. The RPC
     * answers the same cases 400 BAD_REQUEST, so both ports agree.
     *
     * @return null when the request is well formed, else the reason
     */
    static String shapeProblem(ClientRequest request) {
        return switch (request.getRequestCase()) {
            case SUBMIT -> request.getSubmit().getWait() == WaitFor.UNRECOGNIZED
                    ? "SubmitTx.wait " + request.getSubmit().getWaitValue()
                        + " is not a WaitFor (NONE = 0, ACCEPTED = 1, COMMITTED = 2)"
                    : null;
            case QUERY -> request.getQuery().getHash().size() != TX_HASH_BYTES
                    ? "QueryTx.hash must be " + TX_HASH_BYTES + " bytes (SHA-256 of the encoded Tx), got "
                        + request.getQuery().getHash().size()
                    : null;
            case REQUEST_NOT_SET -> "request has neither submit nor query set";
        };
    }

    private void completed(ChannelHandlerContext ctx, ClientResponse answer) {
        inFlight--;
        respond(ctx, answer);
        requestMore(ctx);
    }

    private void requestMore(ChannelHandlerContext ctx) {
        if (!throttled() && !readPending && ctx.channel().isActive()) {
            readPending = true;
            // ctx.read() hands over the next buffered frame synchronously, which calls channelRead,
            // which reads again...: a burst of tiny frames would recurse thousands deep. Bound it.
            if (readDepth > 8) {
                if (deferredRead == null) {
                    deferredRead = () -> {
                        if (ctx.channel().isActive()) {
                            ctx.read();
                        }
                    };
                }
                ctx.executor().execute(deferredRead);
            } else {
                ctx.read();
            }
        }
    }

    private static void respond(ChannelHandlerContext ctx, ClientResponse response) {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(response.toByteArray()), ctx.voidPromise());
        }
    }

    private static ClientResponse fromError(long requestId, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof Rejection rejection) {
            return rejected(requestId, rejection.code(), rejection.getMessage());
        }
        LOG.error("client request " + requestId + " failed inside the node", cause);
        return rejected(requestId, ErrorCode.INTERNAL, ErrorCodes.describe(ErrorCode.INTERNAL) + ": " + cause);
    }

    static ClientResponse rejected(long requestId, ErrorCode code, String message) {
        return ClientResponse.newBuilder().setRequestId(requestId)
                .setRejected(Rejected.newBuilder().setCode(code).setMessage(message)).build();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrors.closeOn(ctx, "client connection", cause);
    }
}
