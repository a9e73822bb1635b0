package org.wishledger.rules;

import java.util.Optional;
import org.wishledger.ledger.proto.Account;

/** What checking a tx needs to know about the state. An absent account has balance 0 and nonce 0. */
public interface StateView {
    Optional<Account> account(byte[] address);

    boolean wishExists(byte[] id);
}
