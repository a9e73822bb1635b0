package org.wishledger.client.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.util.AttributeKey;
import java.io.IOException;

/** The one place that turns a pipeline exception into a logged reason and a closed connection. */
public final class ConnectionErrors {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConnectionErrors.class);
    // Only the first reason is worth a log line: what follows (e.g. the partial frame the close
    // left behind) is an echo of it.
    private static final AttributeKey<Boolean> REASON_LOGGED = AttributeKey.valueOf("wishledger.closeReasonLogged");

    private ConnectionErrors() {
    }

    /** Unwraps the codec wrapper so the reason a peer was dropped reads as the protocol rule it broke. */
    public static Throwable rootCause(Throwable cause) {
        Throwable t = cause;
        while (t instanceof DecoderException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Logs why and closes. Protocol violations and I/O errors are expected; anything else is a bug. */
    public static void closeOn(ChannelHandlerContext ctx, String what, Throwable cause) {
        Throwable t = rootCause(cause);
        if (ctx.channel().attr(REASON_LOGGED).setIfAbsent(Boolean.TRUE) != null) {
            ctx.close();
            return;
        }
        if (t instanceof ProtocolViolation) {
            LOG.warn("closing {} {}: {}", what, ctx.channel().remoteAddress(), t.getMessage());
        } else if (t instanceof IOException) {
            LOG.debug("closing {} {}: {}", what, ctx.channel().remoteAddress(), t.toString());
        } else {
            LOG.error("closing " + what + " " + ctx.channel().remoteAddress()
                    + " after an unexpected error", t);
        }
        ctx.close();
    }
}
