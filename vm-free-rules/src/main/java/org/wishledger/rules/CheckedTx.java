package org.wishledger.rules;

import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;

/**
 * A tx that passed the stateless checks (sizes, UTF-8, chain id, fee formula, signature), decoded once
 * and carried downstream (mempool, proposal, block execution) so nothing is decoded or hashed twice.
 * Byte arrays are shared, not copied: treat them as read-only.
 *
 * @param tx      the tx as received
 * @param hash    SHA-256 of the encoded tx; also the id of the wish it creates
 * @param body    the decoded body
 * @param sender  20-byte address of the signer
 * @param size    encoded size of the tx in bytes (what the fee is charged on)
 * @param cost    fee + burn + amount: what the sender's balance must cover (unsigned, checked)
 * @param signer  the decoded signer key (shared through the key cache)
 *
 * <p>An anonymous spend (AnonWish, AnonEndorse) has no signer: {@code sender}, {@code senderKey} and
 * {@code signer} are null, {@code cost} is 0 (it is paid from the anonymous escrow) and the tx's
 * signature field holds the Triptych proof.
 */
public record CheckedTx(Tx tx, byte[] hash, TxBody body, byte[] sender, int size, long cost,
        ByteKey hashKey, ByteKey senderKey, PublicKey signer) {

    public long nonce() {
        return body.getNonce();
    }

    public long fee() {
        return body.getFee();
    }

    /** Tokens this tx destroys (the wish's or endorsement's burn; 0 for a transfer). */
    public long burn() {
        return switch (body.getActionCase()) {
            case WISH -> body.getWish().getBurn();
            case ENDORSE -> body.getEndorse().getBurn();
            case ANON_WISH -> body.getAnonWish().getWish().getBurn();
            case ANON_ENDORSE -> body.getAnonEndorse().getBurn();
            default -> 0;
        };
    }

    /** An AnonWish or AnonEndorse: authorised by a proof over a bucket, not by a signer. */
    public boolean anonymous() {
        return signer == null;
    }

    /** The note an anonymous spend uses (only for {@link #anonymous()} txs). */
    public org.wishledger.ledger.proto.AnonNote anonNote() {
        return body.hasAnonWish() ? body.getAnonWish().getNote() : body.getAnonEndorse().getNote();
    }

    /** The id of the wish this tx creates: its hash, or for an anonymous wish the hash of its body. */
    public byte[] wishId() {
        return body.hasAnonWish() ? org.wishledger.ledger.crypto.Sha256.hash(tx.getBodyBytes().toByteArray()) : hash;
    }
}
