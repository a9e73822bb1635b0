package org.wishledger.ledger.error;

import org.wishledger.ledger.proto.ErrorCode;

/**
 * Why something was refused: a stable code from the one vocabulary (errors.proto) and a message for
 * a human that says what was wrong and, where it helps, what to do. Thrown by validation code; the
 * mempool, the native protocol and RPC turn it into their own answer without changing the code.
 * When a block is refused because of one of its txs, {@link #txIndex()} says which.
 */
public final class Rejection extends Exception {
    public static final int NO_TX = -1;

    private final ErrorCode code;
    private final int txIndex;

    public Rejection(ErrorCode code, String message) {
        this(code, message, NO_TX);
    }

    public Rejection(ErrorCode code, String message, int txIndex) {
        super(message, null, false, false); // no stack trace: rejections are expected, not bugs
        this.code = code;
        this.txIndex = txIndex;
    }

    /** The same reason, now attributed to the tx at {@code index} of a block. */
    public Rejection atTx(int index) {
        return new Rejection(code, "tx " + index + ": " + getMessage(), index);
    }

    public ErrorCode code() {
        return code;
    }

    /** Position of the offending tx in its block, or {@link #NO_TX}. */
    public int txIndex() {
        return txIndex;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
