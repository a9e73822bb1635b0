package org.wishledger.rules;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Address;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Endorse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Transfer;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;

/**
 * The stateless half of tx validation: decode, sizes, UTF-8, required fields, chain id, fee formula and
 * signature. Cheap checks run first so junk is refused before the ~80 µs Ed25519 verify. Thread-safe:
 * meant to run on many threads off the consensus thread.
 */
final class TxDecoder {
    private static final int PUBLIC_KEY_CACHE_CAPACITY = 100_000;
    /** An anonymous spend's "signature" is its Triptych proof. */
    static final int PROOF_LENGTH = org.wishledger.ledger.anon.TriptychParams.LEDGER.proofLength();

    private final String chainId;
    private final ChainParams params;
    private final AnonParams anon = AnonParams.DEFAULTS;
    private final PublicKeyCache keys = new PublicKeyCache(PUBLIC_KEY_CACHE_CAPACITY);

    TxDecoder(String chainId, ChainParams params) {
        this.chainId = chainId;
        this.params = params;
    }

    /**
     * @param verifySignature false only for txs whose signature was verified at admission
     * @param knownHash       the tx hash if the caller computed it already, else null
     */
    CheckedTx decode(Tx tx, boolean verifySignature, byte[] knownHash) throws Rejection {
        int size = tx.getSerializedSize();
        if (size > params.maxTxBytes()) {
            throw new Rejection(ErrorCode.TOO_LARGE, "tx is " + size + " bytes; the limit is " + params.maxTxBytes());
        }
        if (!tx.getUnknownFields().asMap().isEmpty()) {
            // Extra fields would change the tx hash without touching the signed body (malleability).
            throw new Rejection(ErrorCode.MALFORMED, "tx has fields unknown to this protocol version");
        }
        int signatureLength = tx.getSignature().size();
        if (signatureLength != PublicKey.SIGNATURE_LENGTH && signatureLength != PROOF_LENGTH) {
            throw new Rejection(ErrorCode.BAD_SIGNATURE, "signature must be " + PublicKey.SIGNATURE_LENGTH
                    + " bytes, got " + tx.getSignature().size());
        }
        TxBody body = parseBody(tx.getBodyBytes());
        if (body.hasAnonWish() || body.hasAnonEndorse()) {
            return decodeAnonymous(tx, body, size, knownHash);
        }
        if (signatureLength != PublicKey.SIGNATURE_LENGTH) {
            throw new Rejection(ErrorCode.BAD_SIGNATURE, "signature must be " + PublicKey.SIGNATURE_LENGTH
                    + " bytes, got " + signatureLength);
        }
        if (!chainId.equals(body.getChainId())) {
            throw new Rejection(ErrorCode.WRONG_CHAIN, "tx is for chain '" + body.getChainId()
                    + "', this is '" + chainId + "'");
        }
        if (body.getSignerPubkey().size() != PublicKey.LENGTH) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "signer_pubkey must be " + PublicKey.LENGTH
                    + " bytes, got " + body.getSignerPubkey().size());
        }
        long valueMoved = checkAction(body);
        long required = params.requiredFee(size);
        if (Unsigned.lessThan(body.getFee(), required)) {
            throw new Rejection(ErrorCode.FEE_TOO_LOW, "fee " + Unsigned.str(body.getFee()) + " is below "
                    + Unsigned.str(required) + " = min_fee " + params.minFee() + " + " + params.feePerByte()
                    + " x " + size + " bytes");
        }
        long cost = Unsigned.add(body.getFee(), valueMoved, "fee + burn + amount");
        byte[] pubkeyBytes = body.getSignerPubkey().toByteArray();
        PublicKey signer;
        try {
            signer = keys.get(ByteKey.wrap(pubkeyBytes));
        } catch (IllegalArgumentException e) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "signer_pubkey: " + e.getMessage());
        }
        if (verifySignature && !signer.verify(tx.getBodyBytes().toByteArray(), tx.getSignature().toByteArray())) {
            throw badSignature(signer);
        }
        byte[] hash = knownHash != null ? knownHash : Hashes.txHash(tx);
        byte[] sender = signer.address();
        return new CheckedTx(tx, hash, body, sender, size, cost, ByteKey.wrap(hash), ByteKey.wrap(sender), signer);
    }

    /**
     * An AnonWish or AnonEndorse: no signer and no nonce; the fee pays the size-based price plus the
     * verification surcharge and the burn is exactly value(denom) - fee. The proof itself is checked
     * against its bucket with the state (StateRules), since the bucket's keys are state.
     */
    private CheckedTx decodeAnonymous(Tx tx, TxBody body, int size, byte[] knownHash) throws Rejection {
        if (tx.getSignature().size() != PROOF_LENGTH) {
            throw new Rejection(ErrorCode.BAD_SIGNATURE, "an anonymous spend carries a " + PROOF_LENGTH
                    + "-byte proof in the signature field, got " + tx.getSignature().size() + " bytes");
        }
        if (!chainId.equals(body.getChainId())) {
            throw new Rejection(ErrorCode.WRONG_CHAIN, "tx is for chain '" + body.getChainId()
                    + "', this is '" + chainId + "'");
        }
        if (!body.getSignerPubkey().isEmpty() || body.getNonce() != 0) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "an anonymous spend has no signer_pubkey and nonce 0");
        }
        long burn;
        org.wishledger.ledger.proto.AnonNote note;
        if (body.hasAnonWish()) {
            if (!body.getAnonWish().hasWish()) {
                throw new Rejection(ErrorCode.EMPTY_FIELD, "anon_wish.wish is missing");
            }
            burn = checkWish(body.getAnonWish().getWish());
            note = body.getAnonWish().getNote();
        } else {
            burn = checkEndorse(Endorse.newBuilder().setWishId(body.getAnonEndorse().getWishId())
                    .setBurn(body.getAnonEndorse().getBurn()).build());
            note = body.getAnonEndorse().getNote();
        }
        if (!anon.validDenom(note.getDenom())) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "note.denom " + note.getDenom() + " is not between "
                    + anon.minDenom() + " and " + anon.maxDenom());
        }
        if (!AnonProofs.validPoint(note.getTag().toByteArray())) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "note.tag is not a canonical, non-identity ristretto255 encoding");
        }
        long required = params.requiredFee(size);
        long withSurcharge = required == -1L ? -1L : required + anon.verifySurcharge();
        if (Unsigned.lessThan(body.getFee(), withSurcharge) || Unsigned.lessThan(withSurcharge, required)) {
            throw new Rejection(ErrorCode.FEE_TOO_LOW, "fee " + Unsigned.str(body.getFee()) + " is below "
                    + Unsigned.str(withSurcharge) + " = min_fee + fee_per_byte x " + size + " bytes + verification surcharge "
                    + anon.verifySurcharge());
        }
        long value = anon.value(note.getDenom());
        if (Unsigned.lessThan(value, body.getFee()) || burn != value - body.getFee()) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "burn must be exactly value(denom) - fee = " + value + " - "
                    + Unsigned.str(body.getFee()) + ", got " + Unsigned.str(burn));
        }
        byte[] hash = knownHash != null ? knownHash : Hashes.txHash(tx);
        return new CheckedTx(tx, hash, body, null, size, 0, ByteKey.wrap(hash), null, null);
    }

    /**
     * {@link #decode} for many txs with the signatures checked as batches ({@link TxSignatures}): a quarter
     * (batches of 256) to two thirds (batches of 16) of the cost of checking them one by one. Positional:
     * {@code checked[i]} is the decoded tx, or null with {@code rejected[i]} saying why.
     */
    void decodeAll(List<Tx> txs, List<byte[]> knownHashes, CheckedTx[] checked, Rejection[] rejected) {
        for (int i = 0; i < txs.size(); i++) {
            try {
                checked[i] = decode(txs.get(i), false, knownHashes == null ? null : knownHashes.get(i));
            } catch (Rejection r) {
                rejected[i] = r;
            }
        }
        boolean[] valid = new boolean[txs.size()];
        TxSignatures.verify(checked, 0, txs.size(), valid);
        for (int i = 0; i < txs.size(); i++) {
            if (checked[i] != null && !valid[i]) {
                rejected[i] = badSignature(checked[i].signer());
                checked[i] = null;
            }
        }
    }

    static Rejection badSignature(PublicKey signer) {
        return new Rejection(ErrorCode.BAD_SIGNATURE, "signature does not verify for signer " + signer.addressHex());
    }

    private static TxBody parseBody(ByteString bytes) throws Rejection {
        TxBody body;
        try {
            body = TxBody.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            // proto3 strings are checked for UTF-8 while parsing; report that case by its own code.
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("UTF-8")) {
                throw new Rejection(ErrorCode.INVALID_UTF8, "a text field of the tx body is not valid UTF-8");
            }
            throw new Rejection(ErrorCode.MALFORMED, "body_bytes is not a TxBody: " + msg);
        }
        if (!body.getUnknownFields().asMap().isEmpty()) {
            throw new Rejection(ErrorCode.MALFORMED, "tx body has fields unknown to this protocol version");
        }
        return body;
    }

    /** Validates the action's fields; returns the tokens it moves out of the sender besides the fee. */
    private long checkAction(TxBody body) throws Rejection {
        return switch (body.getActionCase()) {
            case TRANSFER -> checkTransfer(body.getTransfer());
            case WISH -> checkWish(body.getWish());
            case ENDORSE -> checkEndorse(body.getEndorse());
            case NOTE_DEPOSIT -> checkDeposit(body.getNoteDeposit());
            case ANON_WISH, ANON_ENDORSE -> throw new IllegalStateException("anonymous spends are decoded apart");
            case ACTION_NOT_SET -> throw new Rejection(ErrorCode.EMPTY_FIELD,
                    "tx body has no action (transfer, wish or endorse)");
        };
    }

    private static long checkTransfer(Transfer t) throws Rejection {
        if (t.getTo().size() != Address.LENGTH) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "transfer.to must be a " + Address.LENGTH
                    + "-byte address, got " + t.getTo().size() + " bytes");
        }
        if (t.getAmount() == 0) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "transfer.amount must be greater than 0");
        }
        return t.getAmount();
    }

    private long checkWish(Wish w) throws Rejection {
        if (w.getDesired().isEmpty()) {
            throw new Rejection(ErrorCode.EMPTY_FIELD, "wish.desired must not be empty: say how the AI should behave");
        }
        checkText("wish.scenario", w.getScenario(), params.maxScenarioBytes());
        checkText("wish.desired", w.getDesired(), params.maxTextBytes());
        checkText("wish.undesired", w.getUndesired(), params.maxTextBytes());
        checkText("wish.language", w.getLanguage(), ChainParams.MAX_LANGUAGE_BYTES);
        List<String> tags = w.getTagsList();
        if (tags.size() > params.maxTags()) {
            throw new Rejection(ErrorCode.TOO_LARGE, "wish has " + tags.size() + " tags; the limit is " + params.maxTags());
        }
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i).isEmpty()) {
                throw new Rejection(ErrorCode.EMPTY_FIELD, "wish.tags[" + i + "] is empty");
            }
            checkText("wish.tags[" + i + "]", tags.get(i), params.maxTagBytes());
        }
        if (!w.getParent().isEmpty() && w.getParent().size() != Sha256.LENGTH) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "wish.parent must be empty or a " + Sha256.LENGTH
                    + "-byte wish id, got " + w.getParent().size() + " bytes");
        }
        return w.getBurn();
    }

    /** A deposit moves value(denom) into the escrow (besides the fee). */
    private long checkDeposit(org.wishledger.ledger.proto.NoteDeposit d) throws Rejection {
        if (!anon.validDenom(d.getDenom())) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "note_deposit.denom " + d.getDenom() + " is not between "
                    + anon.minDenom() + " and " + anon.maxDenom());
        }
        if (!AnonProofs.validPoint(d.getNoteKey().toByteArray())) {
            throw new Rejection(ErrorCode.INVALID_FIELD,
                    "note_deposit.note_key is not a canonical, non-identity ristretto255 encoding");
        }
        return anon.value(d.getDenom());
    }

    private static long checkEndorse(Endorse e) throws Rejection {
        if (e.getWishId().size() != Sha256.LENGTH) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "endorse.wish_id must be a " + Sha256.LENGTH
                    + "-byte wish id, got " + e.getWishId().size() + " bytes");
        }
        if (e.getBurn() == 0) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "endorse.burn must be greater than 0");
        }
        return e.getBurn();
    }

    private static void checkText(String field, String text, int maxBytes) throws Rejection {
        int bytes = utf8Length(text);
        if (bytes > maxBytes) {
            throw new Rejection(ErrorCode.TOO_LARGE, field + " is " + bytes + " UTF-8 bytes; the limit is " + maxBytes);
        }
    }

    /** UTF-8 length without encoding (the parser already guaranteed the text is valid UTF-8). */
    static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c)) {
                    bytes += 2; // the pair is 4 bytes for 2 chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }
}
