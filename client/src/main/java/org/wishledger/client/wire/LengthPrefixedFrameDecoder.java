package org.wishledger.client.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a byte stream into frames of a 4-byte big-endian length followed by that many payload bytes,
 * emitting each payload as a retained slice. A length above the hard maximum (or negative as an int)
 * is a {@link ProtocolViolation}: the stream cannot be resynchronised, so the connection must close.
 * Bytes left over when the connection ends are reported as a truncated frame.
 *
 * <p>The maximum can be raised after a handshake ({@link #maxFrameBytes(int)}) so that a peer that has
 * not authenticated yet cannot make the node buffer megabytes. Owned by one channel's event loop.
 */
public final class LengthPrefixedFrameDecoder extends ByteToMessageDecoder {
    public static final int LENGTH_BYTES = 4;

    private int maxFrameBytes;
    private boolean failed;

    public LengthPrefixedFrameDecoder(int maxFrameBytes) {
        maxFrameBytes(maxFrameBytes);
    }

    public void maxFrameBytes(int maxFrameBytes) {
        if (maxFrameBytes < 0) {
            throw new IllegalArgumentException("maxFrameBytes must be >= 0: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** True while part of a frame has arrived and the rest has not (used by the stall guard). */
    public boolean holdsPartialFrame() {
        return actualReadableBytes() > 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < LENGTH_BYTES) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length > maxFrameBytes) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw new ProtocolViolation("frame length prefix " + length + " exceeds the maximum of "
                    + maxFrameBytes + " bytes");
        }
        if (in.readableBytes() < LENGTH_BYTES + length) {
            return; // wait for the rest of the frame
        }
        in.skipBytes(LENGTH_BYTES);
        out.add(in.readRetainedSlice((int) length));
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            int have = in.readableBytes();
            in.skipBytes(have);
            failed = true;
            throw new ProtocolViolation("connection ended inside a frame (" + have + " bytes of an incomplete frame)");
        }
    }
}
