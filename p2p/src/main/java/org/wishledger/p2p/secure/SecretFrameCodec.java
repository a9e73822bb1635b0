package org.wishledger.p2p.secure;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import org.wishledger.client.wire.ProtocolViolation;

/**
 * Encrypts every outbound frame payload and decrypts/authenticates every inbound one. Sits between the
 * length-prefix codec (towards the socket) and the handshake/peer handlers. A frame that fails
 * authentication raises a ProtocolViolation, and the link closes: after a failure nothing that follows
 * on the stream can be trusted.
 */
public final class SecretFrameCodec extends MessageToMessageCodec<ByteBuf, ByteBuf> {
    private final FrameCipher sealer;
    private final FrameCipher opener;

    public SecretFrameCodec(SessionKeys keys) {
        this.sealer = new FrameCipher(keys.sendKey(), true);
        this.opener = new FrameCipher(keys.receiveKey(), false);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf plain, List<Object> out) {
        int len = plain.readableBytes();
        ByteBuf sealed = ctx.alloc().heapBuffer(len + FrameCipher.TAG_BYTES);
        byte[] src;
        int srcOff;
        if (plain.hasArray()) {
            src = plain.array();
            srcOff = plain.arrayOffset() + plain.readerIndex();
        } else {
            src = new byte[len];
            plain.getBytes(plain.readerIndex(), src);
            srcOff = 0;
        }
        int n = sealer.seal(src, srcOff, len, sealed.array(), sealed.arrayOffset() + sealed.writerIndex());
        sealed.writerIndex(sealed.writerIndex() + n);
        plain.skipBytes(len);
        out.add(sealed);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        int len = frame.readableBytes();
        byte[] src;
        int srcOff;
        if (frame.hasArray()) {
            src = frame.array();
            srcOff = frame.arrayOffset() + frame.readerIndex();
        } else {
            src = new byte[len];
            frame.getBytes(frame.readerIndex(), src);
            srcOff = 0;
        }
        byte[] plain = new byte[Math.max(0, len - FrameCipher.TAG_BYTES)];
        int n = opener.open(src, srcOff, len, plain, 0);
        frame.skipBytes(len);
        out.add(Unpooled.wrappedBuffer(plain, 0, n));
    }
}
