package org.wishledger.p2p.secure;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import org.wishledger.client.wire.LengthPrefixedFrameDecoder;
import org.wishledger.client.wire.ProtocolViolation;
import org.wishledger.ledger.crypto.KeyPair;

/**
 * Fuzzes the p2p port before authentication: arbitrary bytes (length-prefixed frames, hello, AuthHello) into
 * the real frame decoder and {@link SecretHandshakeHandler} on the accepting side. Documented outcome for
 * anything that is not a valid handshake: a {@link ProtocolViolation} (the link closes). Any other exception
 * reaching the end of the pipeline is a finding.
 */
class HandshakeFuzzTest {
    static {
        // the log line per rejected input would dominate the run
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.OFF);
    }

    private static final KeyPair NODE = KeyPair.fromSeed(ByteBuffer.allocate(32).putInt(0, 0xF0F0).array());

    /** Stands in for PeerLinkHandler: a ProtocolViolation is the documented rejection, anything else a bug. */
    private static final class Outcome extends ChannelInboundHandlerAdapter {
        Throwable finding;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg); // frames after a completed handshake: not reachable with fuzz bytes
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable reason = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
                    ? cause.getCause() : cause; // the frame decoder wraps what it throws, as ConnectionErrors unwraps
            if (!(reason instanceof ProtocolViolation) && finding == null) {
                finding = cause;
            }
            ctx.close();
        }
    }

    @FuzzTest(maxDuration = "45m", maxExecutions = 1_000_000) // limits of a JAZZER_FUZZ=1 run (scripts/fuzz)
    void handshakeFrames(byte[] input) {
        LengthPrefixedFrameDecoder frames = new LengthPrefixedFrameDecoder(SecretHandshakeHandler.HANDSHAKE_MAX_FRAME);
        Outcome outcome = new Outcome();
        EmbeddedChannel channel = new EmbeddedChannel(frames,
                new LengthFieldPrepender(LengthPrefixedFrameDecoder.LENGTH_BYTES),
                new SecretHandshakeHandler(NODE, "fuzz-net", PeerAuthPolicy.acceptAny(), false, 60_000, frames, 1 << 20),
                outcome);
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(input));
            channel.runPendingTasks();
            channel.checkException();
            if (outcome.finding != null) {
                throw new AssertionError("undocumented failure in the handshake", outcome.finding);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
