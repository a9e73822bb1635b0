package org.wishledger.rules;

import org.wishledger.ledger.error.Rejection;

/**
 * The mempool's view: committed state plus every admitted, not yet committed tx, so one account can
 * have several pending txs in nonce order and a pending wish can already be endorsed. After each
 * committed block call {@link #reset} and re-admit what is still pending. Not thread-safe.
 */
public final class PendingState extends StateOverlay {
    public PendingState(StateView committed) {
        super(committed);
    }

    /** Checks the tx against committed + pending state and, if it passes, makes it pending. */
    public void admit(CheckedTx tx) throws Rejection {
        StateRules.check(this, tx);
        apply(tx);
    }

    /** Forgets every pending change; the new base is the state after the block just committed. */
    public void reset(StateView committed) {
        super.reset(committed);
    }

    /** Number of accounts with pending changes. */
    public int pendingAccounts() {
        return changed.size();
    }
}
