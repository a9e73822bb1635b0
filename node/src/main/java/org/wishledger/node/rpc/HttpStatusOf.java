package org.wishledger.node.rpc;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.wishledger.ledger.proto.ErrorCode;

/** The HTTP status that goes with each error code of errors.proto. */
public final class HttpStatusOf {
    private HttpStatusOf() {
    }

    public static HttpResponseStatus code(ErrorCode code) {
        return switch (code) {
            case OK -> HttpResponseStatus.OK;
            case NOT_FOUND, UNKNOWN_WISH -> HttpResponseStatus.NOT_FOUND;
            case TOO_LARGE -> HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            case UNAVAILABLE, MEMPOOL_FULL -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case TIMEOUT -> HttpResponseStatus.GATEWAY_TIMEOUT;
            case DUPLICATE -> HttpResponseStatus.CONFLICT;
            case INTERNAL, UNRECOGNIZED -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
            // Everything else is something wrong with what the caller sent.
            case MALFORMED, BAD_SIGNATURE, WRONG_CHAIN, BAD_NONCE, FEE_TOO_LOW, INSUFFICIENT_FUNDS,
                 INVALID_UTF8, EMPTY_FIELD, OVERFLOW, INVALID_FIELD, BAD_REQUEST, INVALID_BLOCK -> HttpResponseStatus.BAD_REQUEST;
            // Codes added later (the enum is shared by every module) are caller errors until mapped here.
            default -> HttpResponseStatus.BAD_REQUEST;
        };
    }
}
