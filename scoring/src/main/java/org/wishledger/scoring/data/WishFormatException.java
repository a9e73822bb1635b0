package org.wishledger.scoring.data;

/**
 * A line of an import file that cannot become a wish. {@link #reason()} uses the names of the ledger's
 * ErrorCode values (MALFORMED, EMPTY_FIELD, INVALID_FIELD, INVALID_UTF8) so the CLI can map it one to one
 * without scoring depending on the ledger module.
 */
public final class WishFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason { MALFORMED, EMPTY_FIELD, INVALID_FIELD, INVALID_UTF8 }

    private final Reason reason;
    private final long line;

    public WishFormatException(Reason reason, long line, String message) {
        super("line " + line + ": " + message);
        this.reason = reason;
        this.line = line;
    }

    public Reason reason() {
        return reason;
    }

    /** 1-based line number in the input (0 when not from a file). */
    public long line() {
        return line;
    }
}
