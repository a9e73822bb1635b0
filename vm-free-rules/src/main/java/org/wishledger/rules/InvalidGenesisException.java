package org.wishledger.rules;

/** The genesis document is not acceptable; the message names the field and what is wrong with it. */
public final class InvalidGenesisException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidGenesisException(String message) {
        super(message);
    }

    public InvalidGenesisException(String message, Throwable cause) {
        super(message, cause);
    }
}
