package org.wishledger.rules;

import java.util.Map;
import java.util.Set;
import org.wishledger.ledger.ByteKey;

/**
 * What block execution may skip because admission already did it: the signature check of txs whose
 * hash is known to be verified, and, when the mempool still holds them, the decoding too. Only the
 * stateless part is skipped; every tx is always checked against the state again. Implementations are
 * read from several threads at once (large blocks are decoded in parallel) and must not change meanwhile.
 */
public interface PreVerified {
    PreVerified NONE = hash -> false;

    boolean signatureVerified(ByteKey txHash);

    /** The decoded tx for this hash, or null to decode again. */
    default CheckedTx decoded(ByteKey txHash) {
        return null;
    }

    static PreVerified hashes(Set<ByteKey> verifiedTxHashes) {
        return verifiedTxHashes::contains;
    }

    static PreVerified decoded(Map<ByteKey, CheckedTx> checked) {
        return new PreVerified() {
            @Override
            public boolean signatureVerified(ByteKey txHash) {
                return checked.containsKey(txHash);
            }

            @Override
            public CheckedTx decoded(ByteKey txHash) {
                return checked.get(txHash);
            }
        };
    }
}
