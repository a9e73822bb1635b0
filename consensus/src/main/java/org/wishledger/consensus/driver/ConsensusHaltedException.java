package org.wishledger.consensus.driver;

/**
 * The driver cannot go on without risking a double sign or a lost lock (the WAL or the sign state cannot
 * be written or read). The host must stop the process; the message says what to check.
 */
public final class ConsensusHaltedException extends RuntimeException {
    public ConsensusHaltedException(String message, Throwable cause) {
        super(message, cause);
    }
}
