package org.wishledger.rules;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.TxBody;

/**
 * Uncommitted changes over a base view: the accounts txs changed and the wishes they created. Both the
 * mempool's pending state and block execution apply txs through {@link #apply}, so there is one
 * definition of what a tx does to balances and nonces. Not thread-safe; owned by one thread.
 */
class StateOverlay implements StateView {
    private StateView base;
    final Map<ByteKey, Account> changed = new HashMap<>();
    final Set<ByteKey> newWishes = new HashSet<>();
    /** Tags spent and note keys deposited by the overlay's txs (double spends in a block or the mempool). */
    final Set<ByteKey> spentTags = new HashSet<>();
    final Set<ByteKey> newNotes = new HashSet<>();

    StateOverlay(StateView base) {
        this.base = base;
    }

    @Override
    public Optional<Account> account(byte[] address) {
        Account a = changed.get(ByteKey.wrap(address));
        return a != null ? Optional.of(a) : base.account(address);
    }

    @Override
    public boolean wishExists(byte[] id) {
        return newWishes.contains(ByteKey.wrap(id)) || base.wishExists(id);
    }

    @Override
    public Optional<org.wishledger.ledger.proto.AnonBucket> anonBucket(int denom, long bucketId) {
        return base.anonBucket(denom, bucketId); // spends need a bucket sealed in a committed block
    }

    @Override
    public boolean noteExists(byte[] noteKey) {
        return newNotes.contains(ByteKey.wrap(noteKey)) || base.noteExists(noteKey);
    }

    @Override
    public boolean tagSpent(byte[] tag) {
        return spentTags.contains(ByteKey.wrap(tag)) || base.tagSpent(tag);
    }

    Account accountOrEmpty(ByteKey address) {
        Account a = changed.get(address);
        return a != null ? a : base.account(address.unsafeBytes()).orElse(Account.getDefaultInstance());
    }

    /**
     * Applies a tx that {@link StateRules#check} accepted against this overlay: the sender pays
     * fee + burn + amount and its nonce grows; a transfer credits the recipient; a wish becomes known.
     * The fee is not credited here: block execution pays the proposer once per block.
     */
    void apply(CheckedTx c) {
        if (c.anonymous()) { // paid from the escrow: no account changes; the tag is now spent
            spentTags.add(ByteKey.copyOf(c.anonNote().getTag().toByteArray()));
            if (c.body().hasAnonWish()) {
                newWishes.add(ByteKey.wrap(c.wishId()));
            }
            return;
        }
        Account sender = accountOrEmpty(c.senderKey());
        changed.put(c.senderKey(), Account.newBuilder()
                .setBalance(sender.getBalance() - c.cost())
                .setNonce(sender.getNonce() + 1)
                .build());
        TxBody body = c.body();
        switch (body.getActionCase()) {
            case TRANSFER -> credit(ByteKey.wrap(body.getTransfer().getTo().toByteArray()), body.getTransfer().getAmount());
            case WISH -> newWishes.add(c.hashKey());
            case NOTE_DEPOSIT -> newNotes.add(ByteKey.copyOf(body.getNoteDeposit().getNoteKey().toByteArray()));
            default -> {
            }
        }
    }

    /** Adds to a balance; callers have checked that it cannot overflow. */
    void credit(ByteKey address, long amount) {
        Account a = accountOrEmpty(address);
        changed.put(address, a.toBuilder().setBalance(a.getBalance() + amount).build());
    }

    void reset(StateView newBase) {
        this.base = newBase;
        changed.clear();
        newWishes.clear();
        spentTags.clear();
        newNotes.clear();
    }
}
