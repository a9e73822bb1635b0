package org.wishledger.ledger.error;

import org.wishledger.ledger.proto.ErrorCode;

/** A short human description for every code, shown where a caller has no more specific message. */
public final class ErrorCodes {
    private ErrorCodes() {
    }

    public static String describe(ErrorCode code) {
        return switch (code) {
            case OK -> "ok";
            case MALFORMED -> "the bytes do not decode as the expected protobuf message";
            case BAD_SIGNATURE -> "the signature does not verify for the signer's public key";
            case WRONG_CHAIN -> "the transaction names another chain id";
            case BAD_NONCE -> "the nonce is not the account's next nonce";
            case FEE_TOO_LOW -> "the fee is below min_fee + fee_per_byte * size";
            case INSUFFICIENT_FUNDS -> "the balance does not cover fee, burn and amount";
            case TOO_LARGE -> "a size limit was exceeded";
            case INVALID_UTF8 -> "a text field is not valid UTF-8";
            case EMPTY_FIELD -> "a required field is empty";
            case UNKNOWN_WISH -> "no committed wish has that id";
            case OVERFLOW -> "an amount would overflow 64 unsigned bits";
            case DUPLICATE -> "the same transaction is already pending or committed";
            case MEMPOOL_FULL -> "the mempool is full; retry later";
            case INVALID_FIELD -> "a field has an invalid length or value";
            case NOT_FOUND -> "not found";
            case BAD_REQUEST -> "the request is not valid";
            case TIMEOUT -> "the operation did not finish in time";
            case UNAVAILABLE -> "the service is not available right now";
            case INTERNAL -> "internal error";
            case INVALID_BLOCK -> "the block does not fit the chain (height, parent, hashes, time, proposer or commit)";
            case NOTE_SPENT -> "the note of this anonymous spend was already spent (its tag is committed or pending)";
            case UNRECOGNIZED -> "unrecognized error code";
        };
    }
}
