package org.wishledger.ledger.store;

import java.util.Map;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.ValidatorSet;

/**
 * The state at height 0, written by {@link LedgerStore#writeGenesis} in one transaction.
 *
 * @param genesis    the genesis document, stored verbatim (a reopened node compares against it)
 * @param validators the validator set derived from it
 * @param accounts   the initial accounts
 * @param supply     the sum of the initial balances; never changes afterwards
 * @param appHash    the state commitment at height 0
 */
public record GenesisWrite(Genesis genesis, ValidatorSet validators, Map<ByteKey, Account> accounts,
        long supply, byte[] appHash) {
}
