package org.wishledger.p2p.secure;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.proto.AuthHello;
import org.wishledger.client.wire.LengthPrefixedFrameDecoder;
import org.wishledger.client.wire.ProtocolViolation;

/**
 * Runs the link handshake and then removes itself:
 * <pre>
 *   both: plain frame  "WLP1" || ephemeral X25519 key (36 bytes)
 *   both: derive SessionKeys, install SecretFrameCodec below this handler
 *   both: encrypted AuthHello{node_key, signature over the challenge, network, version}
 *   both: verify signature, network, self-connection, policy (expected key / allow-list)
 * </pre>
 * Both sides send first, so a round trip costs one RTT for the keys and one for the identities. Any
 * failure, or no completion within the timeout, closes the connection with a logged reason (raised as
 * a ProtocolViolation to the handlers after this one). On success it raises the frame limit to the
 * link's maximum and fires {@link HandshakeCompleted}.
 */
public final class SecretHandshakeHandler extends ChannelInboundHandlerAdapter {
    public static final int PROTOCOL_VERSION = 1;
    /** Frames allowed before authentication: small, so an anonymous peer cannot make us buffer much. */
    public static final int HANDSHAKE_MAX_FRAME = 1024;
    private static final byte[] MAGIC = "WLP1".getBytes(StandardCharsets.US_ASCII);
    private static final int HELLO_BYTES = MAGIC.length + SessionKeys.KEY_BYTES;

    private enum State { AWAIT_KEY, AWAIT_AUTH, DONE }

    private final KeyPair nodeKey;
    private final String network;
    private final PeerAuthPolicy policy;
    private final boolean outbound;
    private final long timeoutMillis;
    private final LengthPrefixedFrameDecoder frameDecoder;
    private final int linkMaxFrame;

    private State state = State.AWAIT_KEY;
    private boolean begun;
    private X25519PrivateKeyParameters ephemeral;
    private SessionKeys keys;
    private ScheduledFuture<?> timeout;

    public SecretHandshakeHandler(KeyPair nodeKey, String network, PeerAuthPolicy policy, boolean outbound,
                                  long timeoutMillis, LengthPrefixedFrameDecoder frameDecoder, int linkMaxFrame) {
        this.nodeKey = nodeKey;
        this.network = network;
        this.policy = policy;
        this.outbound = outbound;
        this.timeoutMillis = timeoutMillis;
        this.frameDecoder = frameDecoder;
        this.linkMaxFrame = linkMaxFrame;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            begin(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        begin(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimeout();
        super.channelInactive(ctx);
    }

    private void begin(ChannelHandlerContext ctx) {
        if (begun) {
            return; // inbound channels are active before handlerAdded; channelActive follows anyway
        }
        begun = true;
        frameDecoder.maxFrameBytes(HANDSHAKE_MAX_FRAME);
        ephemeral = SessionKeys.newEphemeral();
        ByteBuf hello = ctx.alloc().heapBuffer(HELLO_BYTES);
        hello.writeBytes(MAGIC).writeBytes(ephemeral.generatePublicKey().getEncoded());
        ctx.writeAndFlush(hello);
        timeout = ctx.executor().schedule(() -> {
            if (state != State.DONE) {
                ctx.fireExceptionCaught(new ProtocolViolation("handshake not completed within " + timeoutMillis + " ms"));
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.DONE) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            ByteBuf frame = (ByteBuf) msg;
            byte[] bytes = ByteBufUtil.getBytes(frame);
            if (state == State.AWAIT_KEY) {
                onEphemeralKey(ctx, bytes);
            } else {
                onAuthHello(ctx, bytes);
            }
        } catch (ProtocolViolation violation) {
            state = State.DONE; // ignore whatever else arrives before the close
            ctx.fireExceptionCaught(violation);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onEphemeralKey(ChannelHandlerContext ctx, byte[] hello) {
        if (hello.length != HELLO_BYTES) {
            throw new ProtocolViolation("not a wishledger p2p handshake: the hello must be " + HELLO_BYTES
                    + " bytes, got " + hello.length);
        }
        if (!Arrays.equals(hello, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ProtocolViolation("not a wishledger p2p handshake: the hello does not start with WLP1");
        }
        keys = SessionKeys.derive(ephemeral, Arrays.copyOfRange(hello, MAGIC.length, HELLO_BYTES));
        ephemeral = null;
        ctx.pipeline().addBefore(ctx.name(), "secret-frames", new SecretFrameCodec(keys));
        AuthHello auth = AuthHello.newBuilder()
                .setNodeKey(ByteString.copyFrom(nodeKey.publicKey().encoded()))
                .setSignature(ByteString.copyFrom(nodeKey.sign(keys.authSignBytes())))
                .setNetwork(network)
                .setProtocolVersion(PROTOCOL_VERSION)
                .build();
        ctx.writeAndFlush(Unpooled.wrappedBuffer(auth.toByteArray()));
        state = State.AWAIT_AUTH;
    }

    private void onAuthHello(ChannelHandlerContext ctx, byte[] bytes) {
        AuthHello auth;
        try {
            auth = AuthHello.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolViolation("undecodable AuthHello");
        }
        if (auth.getProtocolVersion() != PROTOCOL_VERSION) {
            throw new ProtocolViolation("peer speaks protocol version " + auth.getProtocolVersion()
                    + ", we speak " + PROTOCOL_VERSION);
        }
        PublicKey remote;
        try {
            remote = PublicKey.decode(auth.getNodeKey().toByteArray());
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation("invalid node key: " + e.getMessage());
        }
        if (!remote.verify(keys.authSignBytes(), auth.getSignature().toByteArray())) {
            throw new ProtocolViolation("node key signature over the handshake challenge does not verify");
        }
        if (remote.equals(nodeKey.publicKey())) {
            throw new ProtocolViolation("connected to ourselves");
        }
        if (!network.equals(auth.getNetwork())) {
            throw new ProtocolViolation("peer is on network '" + auth.getNetwork() + "', we are on '" + network + "'");
        }
        String refusal = policy.refusal(remote);
        if (refusal != null) {
            throw new ProtocolViolation(refusal);
        }
        state = State.DONE;
        cancelTimeout();
        frameDecoder.maxFrameBytes(linkMaxFrame + FrameCipher.TAG_BYTES);
        // Announce first, then step aside: frames after the AuthHello flow straight to the link handler.
        ctx.fireUserEventTriggered(new HandshakeCompleted(remote, outbound));
        if (ctx.pipeline().context(this) != null) {
            ctx.pipeline().remove(this);
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
