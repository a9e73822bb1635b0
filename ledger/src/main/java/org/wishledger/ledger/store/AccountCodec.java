package org.wishledger.ledger.store;

import java.nio.ByteBuffer;
import org.wishledger.ledger.proto.Account;

/**
 * Accounts are stored as a fixed 16 bytes (balance, nonce; big-endian) rather than protobuf: they are
 * the most frequently rewritten records, a fixed layout needs no length, and a zero account still has
 * a non-empty value.
 */
final class AccountCodec {
    static final int LENGTH = 16;

    private AccountCodec() {
    }

    static Account decode(ByteBuffer v) {
        return Account.newBuilder().setBalance(v.getLong(v.position())).setNonce(v.getLong(v.position() + 8)).build();
    }

    static void encode(ByteBuffer dst, Account a) {
        dst.putLong(0, a.getBalance()).putLong(8, a.getNonce());
    }
}
