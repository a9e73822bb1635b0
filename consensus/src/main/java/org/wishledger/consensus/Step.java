package org.wishledger.consensus;

/**
 * step_p of the paper (line 4), plus COMMIT: the height is decided and the core waits for the host's
 * NewHeight. Ordered: the paper's "step_p >= prevote" (line 36) is {@code compareTo(PREVOTE) >= 0}.
 */
public enum Step {
    PROPOSE,
    PREVOTE,
    PRECOMMIT,
    COMMIT
}
