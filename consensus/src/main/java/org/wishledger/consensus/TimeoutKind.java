package org.wishledger.consensus;

/** The three timeouts of Algorithm 1: timeoutPropose (line 21), timeoutPrevote (35), timeoutPrecommit (48). */
public enum TimeoutKind {
    PROPOSE,
    PREVOTE,
    PRECOMMIT
}
