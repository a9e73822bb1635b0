package org.wishledger.rules;

import java.util.Optional;
import org.wishledger.ledger.proto.Account;

/** What checking a tx needs to know about the state. An absent account has balance 0 and nonce 0. */
public interface StateView {
    Optional<Account> account(byte[] address);

    boolean wishExists(byte[] id);

    /** A bucket of anonymous notes (docs/privacy.md); views without anonymous state have none. */
    default Optional<org.wishledger.ledger.proto.AnonBucket> anonBucket(int denom, long bucketId) {
        return Optional.empty();
    }

    /** Whether a note key was deposited. */
    default boolean noteExists(byte[] noteKey) {
        return false;
    }

    /** Whether a note's tag was spent. */
    default boolean tagSpent(byte[] tag) {
        return false;
    }
}
