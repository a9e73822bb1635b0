package org.wishledger.rules;

import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ErrorCode;

/**
 * Whether a proposed block may be prevoted: valid, or the reason it is not (and the offending tx's
 * index when a tx is the reason, else -1).
 */
public record BlockVerdict(boolean valid, ErrorCode code, String message, int txIndex) {
    private static final BlockVerdict VALID = new BlockVerdict(true, ErrorCode.OK, "ok", Rejection.NO_TX);

    public static BlockVerdict ok() {
        return VALID;
    }

    public static BlockVerdict invalid(Rejection r) {
        return new BlockVerdict(false, r.code(), r.getMessage(), r.txIndex());
    }
}
