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

    /** Verdicts and rings of anonymous spends, shared by admission and block execution. */
    static final AnonProofs PROOFS = new AnonProofs();

    static void check(StateView view, CheckedTx c) throws Rejection {
        if (c.anonymous()) {
            checkAnonymous(view, c);
            return;
        }
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
            case NOTE_DEPOSIT -> {
                if (view.noteExists(body.getNoteDeposit().getNoteKey().toByteArray())) {
                    throw new Rejection(ErrorCode.DUPLICATE, "note_deposit.note_key "
                            + Hex.encode(body.getNoteDeposit().getNoteKey().toByteArray()) + " was already deposited");
                }
            }
            case ANON_WISH, ANON_ENDORSE -> throw new IllegalStateException("anonymous spends are checked apart");
            case ACTION_NOT_SET -> throw new Rejection(ErrorCode.EMPTY_FIELD, "tx body has no action");
        }
    }

    /**
     * An anonymous spend: its bucket is sealed in a committed block, its tag is not spent (committed,
     * earlier in the block, or pending), the wish it refers to exists, and its proof verifies over the
     * whole bucket (verified once; later checks reuse the verdict).
     */
    private static void checkAnonymous(StateView view, CheckedTx c) throws Rejection {
        org.wishledger.ledger.proto.AnonNote note = c.anonNote();
        org.wishledger.ledger.proto.AnonBucket bucket = view.anonBucket(note.getDenom(), note.getBucketId())
                .orElseThrow(() -> new Rejection(ErrorCode.INVALID_FIELD, "no bucket " + Unsigned.str(note.getBucketId())
                        + " of denomination " + note.getDenom()));
        if (bucket.getSealedHeight() == 0) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "bucket " + Unsigned.str(note.getBucketId()) + " of denomination "
                    + note.getDenom() + " is not sealed yet; spend once it is full or timed out");
        }
        if (view.tagSpent(note.getTag().toByteArray())) {
            throw new Rejection(ErrorCode.NOTE_SPENT, "the note with tag " + Hex.encode(note.getTag().toByteArray())
                    + " is already spent (committed, earlier in this block, or pending)");
        }
        TxBody body = c.body();
        if (body.hasAnonWish()) {
            if (!body.getAnonWish().getWish().getParent().isEmpty()
                    && !view.wishExists(body.getAnonWish().getWish().getParent().toByteArray())) {
                throw new Rejection(ErrorCode.UNKNOWN_WISH, "wish.parent is not a committed wish");
            }
        } else if (!view.wishExists(body.getAnonEndorse().getWishId().toByteArray())) {
            throw new Rejection(ErrorCode.UNKNOWN_WISH, "anon_endorse.wish_id "
                    + Hex.encode(body.getAnonEndorse().getWishId().toByteArray()) + " is not a committed wish");
        }
        if (!PROOFS.verify(c, bucket)) {
            throw new Rejection(ErrorCode.BAD_SIGNATURE, "the anonymous spend's proof does not verify over bucket "
                    + Unsigned.str(note.getBucketId()) + " of denomination " + note.getDenom());
        }
    }
}
