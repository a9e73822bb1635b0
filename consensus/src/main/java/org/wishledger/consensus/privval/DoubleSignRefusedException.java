package org.wishledger.consensus.privval;

/**
 * The sign-state guard refused to sign: the message conflicts with (or comes before) what this validator
 * already signed. Expected after a restart while replaying the WAL; anywhere else it means the host
 * asked for a conflicting signature, which the guard has just prevented.
 */
public final class DoubleSignRefusedException extends Exception {
    public DoubleSignRefusedException(String message) {
        super(message, null, false, false);
    }
}
