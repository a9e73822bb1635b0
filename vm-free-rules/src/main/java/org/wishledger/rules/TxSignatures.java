package org.wishledger.rules;

import org.wishledger.ledger.crypto.SignatureBatch;

/**
 * Checks the signatures of decoded txs in batches of up to {@link #BATCH}: one {@link SignatureBatch}
 * per thread, reused. A batch gives the same verdict per tx as checking each alone (see
 * SignatureBatch), so callers may group txs however suits them.
 */
final class TxSignatures {
    /** Past a few hundred the saving per signature flattens while a bad signature costs more to find. */
    static final int BATCH = 256;
    private static final ThreadLocal<SignatureBatch> BATCHES = ThreadLocal.withInitial(() -> new SignatureBatch(BATCH));

    private TxSignatures() {
    }

    /**
     * Sets {@code valid[i]} for each non-null {@code txs[i]}, {@code from <= i < to}; null entries (txs
     * that failed decoding) are skipped and left false.
     */
    static void verify(CheckedTx[] txs, int from, int to, boolean[] valid) {
        SignatureBatch batch = BATCHES.get();
        int[] members = new int[BATCH];
        boolean[] verdicts = new boolean[BATCH];
        int i = from;
        while (i < to) {
            batch.clear();
            int n = 0;
            for (; i < to && n < BATCH; i++) {
                CheckedTx tx = txs[i];
                if (tx != null && tx.anonymous()) {
                    valid[i] = true; // no signature: the proof is checked against its bucket with the state
                } else if (tx != null) {
                    byte[] body = tx.tx().getBodyBytes().toByteArray();
                    batch.add(tx.signer(), body, 0, body.length, tx.tx().getSignature().toByteArray());
                    members[n++] = i;
                }
            }
            batch.verifyEach(verdicts);
            for (int j = 0; j < n; j++) {
                valid[members[j]] = verdicts[j];
            }
            batch.clear();
        }
    }
}
