package org.wishledger.scoring.judge;

/** A judge could not give a verdict; {@link #code()} is what the RPC layer answers with. */
public final class JudgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Code {
        /** The judge server did not answer within the deadline, after the retries. */
        JUDGE_TIMEOUT,
        /** The judge server answered, but not with a choice we asked for (the answer is not cached). */
        JUDGE_BAD_ANSWER,
        /** The judge server refused or failed (HTTP error, connection refused), after the retries. */
        JUDGE_UNAVAILABLE
    }

    private final Code code;

    public JudgeException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public JudgeException(Code code, String message) {
        this(code, message, null);
    }

    public Code code() {
        return code;
    }
}
