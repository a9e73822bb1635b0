package org.wishledger.rules;

import java.util.Arrays;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.TxBody;

/** The stateful half of tx validation: nonce, balance, overflow and the wishes a tx refers to. */
final class StateRules {
    private StateRules() {
    }

    static void check(StateView view, CheckedTx c) throws Rejection {
        TxBody body = c.body();
        Account sender = view.account(c.sender()).orElse(Account.getDefaultInstance());
        if (body.getNonce() != sender.getNonce()) {
            throw new Rejection(ErrorCode.BAD_NONCE, "nonce " + Unsigned.str(body.getNonce()) + " is not the account's next nonce "
                    + Unsigned.str(sender.getNonce()) + " (" + Hex.encode(c.sender()) + ")");
        }
        if (sender.getNonce() == -1L) {
            throw new Rejection(ErrorCode.OVERFLOW, "the account's nonce cannot grow any further");
        }
        if (Unsigned.lessThan(sender.getBalance(), c.cost())) {
            throw new Rejection(ErrorCode.INSUFFICIENT_FUNDS, "balance " + Unsigned.str(sender.getBalance())
                    + " does not cover fee + burn + amount = " + Unsigned.str(c.cost()));
        }
        switch (body.getActionCase()) {
            case TRANSFER -> {
                byte[] to = body.getTransfer().getTo().toByteArray();
                long amount = body.getTransfer().getAmount();
                // A self-transfer pays the amount back to the sender after the debit: no overflow possible.
                if (!Arrays.equals(to, c.sender())) {
                    long balance = view.account(to).map(Account::getBalance).orElse(0L);
                    Unsigned.add(balance, amount, "recipient balance");
                }
            }
            case WISH -> {
                if (!body.getWish().getParent().isEmpty()
                        && !view.wishExists(body.getWish().getParent().toByteArray())) {
                    throw new Rejection(ErrorCode.UNKNOWN_WISH, "wish.parent "
                            + Hex.encode(body.getWish().getParent().toByteArray()) + " is not a committed wish");
                }
            }
            case ENDORSE -> {
                if (!view.wishExists(body.getEndorse().getWishId().toByteArray())) {
                    throw new Rejection(ErrorCode.UNKNOWN_WISH, "endorse.wish_id "
                            + Hex.encode(body.getEndorse().getWishId().toByteArray()) + " is not a committed wish");
                }
            }
            case ACTION_NOT_SET -> throw new Rejection(ErrorCode.EMPTY_FIELD, "tx body has no action");
        }
    }
}
