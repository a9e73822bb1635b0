package org.wishledger.p2p;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.wishledger.ledger.proto.LinkPing;
import org.wishledger.ledger.proto.LinkPong;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.client.wire.ConnectionErrors;
import org.wishledger.client.wire.ProtocolViolation;
import org.wishledger.p2p.secure.HandshakeCompleted;

/**
 * The last handler of a peer link: turns the handshake's verdict into a registered PeerLink, decodes
 * decrypted frames into PeerMessages for the manager, answers pings, keeps the link alive with its
 * own pings, and reports the link's end.
 */
final class PeerLinkHandler extends ChannelInboundHandlerAdapter {
    private final PeerManager manager;
    private final P2pConfig config;
    private PeerLink link;
    private boolean authenticated;
    private ScheduledFuture<?> pinger;
    private long pingNonce;

    PeerLinkHandler(PeerManager manager, P2pConfig config) {
        this.manager = manager;
        this.config = config;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeCompleted done) {
            authenticated = true;
            link = new PeerLink(PeerId.of(done.remoteKey()), ctx.channel(), done.outbound(), config);
            if (manager.register(link)) {
                pinger = ctx.executor().scheduleAtFixedRate(this::ping, config.pingIntervalMillis(),
                        config.pingIntervalMillis(), TimeUnit.MILLISECONDS);
            } else {
                link = null;
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void ping() {
        byte[] ping = PeerMessage.newBuilder().setPing(LinkPing.newBuilder().setNonce(++pingNonce)).build().toByteArray();
        link.send(PeerChannel.LINK, ping);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (link == null) {
                return; // a link that lost the duplicate tie-break, closing
            }
            PeerMessage message;
            try {
                message = parse(frame);
            } catch (InvalidProtocolBufferException e) {
                throw new ProtocolViolation("undecodable PeerMessage from " + link.id);
            }
            link.received.incrementAndGet();
            switch (message.getMessageCase()) {
                case PING -> {
                    // Pongs bypass the bounded queues, so answer only while the socket drains: a peer
                    // that floods pings without reading must not grow our outbound buffer.
                    if (ctx.channel().isWritable()) {
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(PeerMessage.newBuilder()
                                .setPong(LinkPong.newBuilder().setNonce(message.getPing().getNonce())).build()
                                .toByteArray()), ctx.voidPromise());
                    }
                }
                case PONG -> { } // its arrival already reset the idle guard
                case MESSAGE_NOT_SET -> { } // a message type from a newer version: ignore
                default -> manager.deliver(link, message);
            }
        } catch (ProtocolViolation violation) {
            exceptionCaught(ctx, violation); // this is the last handler: firing would skip it
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    /**
     * The decrypted frame is a fresh array nobody else holds (SecretFrameCodec allocates it), so the
     * message may alias it: tx bodies and blocks are not copied a second time.
     */
    private static PeerMessage parse(ByteBuf frame) throws InvalidProtocolBufferException {
        if (!frame.hasArray()) {
            return PeerMessage.parser().parseFrom(frame.nioBuffer());
        }
        CodedInputStream in = CodedInputStream.newInstance(frame.array(), frame.arrayOffset() + frame.readerIndex(),
                frame.readableBytes());
        in.enableAliasing(true);
        PeerMessage message = PeerMessage.parser().parseFrom(in);
        in.checkLastTagWas(0);
        return message;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (link != null && ctx.channel().isWritable()) {
            link.drain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (pinger != null) {
            pinger.cancel(false);
        }
        if (link != null) {
            link.clearQueues();
            manager.unregister(link);
        } else if (!authenticated) {
            manager.handshakeFailed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrors.closeOn(ctx, link != null ? "peer link " + link.id : "peer connection", cause);
    }
}
