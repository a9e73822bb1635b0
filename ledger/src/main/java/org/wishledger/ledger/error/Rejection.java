package org.wishledger.ledger.error;

import org.wishledger.ledger.proto.ErrorCode;

/**
 * Why something was refused: a stable code from the one vocabulary (errors.proto) and a message for
 * a human that says what was wrong and, where it helps, what to do. Thrown by validation code; the
 * mempool, the native protocol and RPC turn it into their own answer without changing the code.
 */
public final class Rejection extends Exception {
    private final ErrorCode code;

    public Rejection(ErrorCode code, String message) {
        super(message, null, false, false); // no stack trace: rejections are expected, not bugs
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
