package org.wishledger.testnet.tx;

import org.wishledger.ledger.proto.Params;

/**
 * The genesis fee rule, {@code fee >= min_fee + fee_per_byte * encoded_tx_bytes}, seen from the
 * wallet's side: the smallest fee that satisfies it for a given tx. The fee is itself inside the tx, so
 * a larger fee can make the tx one varint byte longer; {@link TxBuilder} iterates to the fixed point.
 */
public record FeeSchedule(long minFee, long feePerByte) {

    public FeeSchedule {
        if (minFee < 0 || feePerByte < 0) {
            throw new IllegalArgumentException("fees are unsigned and below 2^63 here: " + minFee + ", " + feePerByte);
        }
    }

    public static FeeSchedule of(Params params) {
        return new FeeSchedule(params.getMinFee(), params.getFeePerByte());
    }

    /** @throws ArithmeticException when the fee would not fit in 63 bits (absurd params) */
    public long requiredFee(long encodedTxBytes) {
        return Math.addExact(minFee, Math.multiplyExact(feePerByte, encodedTxBytes));
    }
}
