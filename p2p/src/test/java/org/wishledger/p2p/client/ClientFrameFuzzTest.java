package org.wishledger.p2p.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import java.util.concurrent.CompletableFuture;
import org.wishledger.client.wire.LengthPrefixedFrameDecoder;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Accepted;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.TxUnknown;

/**
 * Fuzzes the native client port's inbound path: arbitrary bytes through the real frame decoder and
 * connection handler (the same pipeline as ClientServer, in an EmbeddedChannel). Documented outcomes: every
 * complete frame is answered with a ClientResponse (Rejected MALFORMED / BAD_REQUEST for bad ones), and an
 * over-long length prefix closes the connection. Any exception reaching the end of the pipeline, or an answer
 * that is not a ClientResponse, is a finding.
 */
class ClientFrameFuzzTest {
    static {
        // the log line per rejected input would dominate the run
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.OFF);
    }

    private static CompletableFuture<ClientResponse> node(org.wishledger.ledger.proto.ClientRequest request) {
        return switch (request.getRequestCase()) {
            case SUBMIT -> request.getSubmit().getTx().getSignature().isEmpty()
                    ? CompletableFuture.failedFuture(new Rejection(ErrorCode.BAD_SIGNATURE, "no signature"))
                    : CompletableFuture.completedFuture(ClientResponse.newBuilder()
                        .setAccepted(Accepted.getDefaultInstance()).build());
            default -> CompletableFuture.completedFuture(ClientResponse.newBuilder()
                    .setUnknown(TxUnknown.getDefaultInstance()).build());
        };
    }

    @FuzzTest(maxDuration = "45m", maxExecutions = 1_000_000) // limits of a JAZZER_FUZZ=1 run (scripts/fuzz)
    void clientFrames(byte[] input) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(
                new LengthPrefixedFrameDecoder(ClientServerConfig.DEFAULT_MAX_FRAME_BYTES),
                new LengthFieldPrepender(LengthPrefixedFrameDecoder.LENGTH_BYTES),
                new ClientConnectionHandler(ClientFrameFuzzTest::node, 16));
        try {
            // two writes split at a fuzzer-chosen point: frames that straddle socket reads
            int split = input.length == 0 ? 0 : (input[0] & 0xff) % (input.length + 1);
            channel.writeInbound(Unpooled.wrappedBuffer(input, 0, split));
            if (channel.isActive()) {
                channel.writeInbound(Unpooled.wrappedBuffer(input, split, input.length - split));
            }
            channel.runPendingTasks();
            channel.checkException();
            for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
                assertAnswer((ByteBuf) out);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** Each outbound message is the 4-byte prefix or a ClientResponse payload (LengthFieldPrepender writes both). */
    private static void assertAnswer(ByteBuf out) throws InvalidProtocolBufferException {
        try {
            if (out.readableBytes() == LengthPrefixedFrameDecoder.LENGTH_BYTES) {
                return;
            }
            ClientResponse response = ClientResponse.parseFrom(out.nioBuffer());
            assertTrue(response.getResponseCase() != ClientResponse.ResponseCase.RESPONSE_NOT_SET, response.toString());
        } finally {
            out.release();
        }
    }
}
