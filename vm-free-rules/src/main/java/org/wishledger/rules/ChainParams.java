package org.wishledger.rules;

import org.wishledger.ledger.proto.Params;

/**
 * Consensus-critical limits and prices from the genesis {@link Params}, with defaults for fields left
 * at zero. Amounts are unsigned 64-bit base units.
 *
 * <p>Fee defaults: {@code min_fee = 1,000} and {@code fee_per_byte = 10}, so a typical 600-byte wish
 * costs 7,000 base units and a maximal 16 KiB tx about 165,000: negligible against balances of
 * 10^9+ units, yet a flood of 10^6 spam txs costs 7·10^9 units.
 */
public record ChainParams(int maxTxBytes, int maxScenarioBytes, int maxTextBytes, int maxBlockBytes,
        int maxBlockTxs, long minFee, long feePerByte, int maxTags, int maxTagBytes) {

    public static final int DEFAULT_MAX_TX_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_SCENARIO_BYTES = 2 * 1024;
    public static final int DEFAULT_MAX_TEXT_BYTES = 4 * 1024;
    public static final int DEFAULT_MAX_BLOCK_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_BLOCK_TXS = 10_000;
    public static final long DEFAULT_MIN_FEE = 1_000;
    public static final long DEFAULT_FEE_PER_BYTE = 10;
    public static final int DEFAULT_MAX_TAGS = 16;
    public static final int DEFAULT_MAX_TAG_BYTES = 64;
    /** Not a param: BCP-47 tags longer than this are not real language tags. */
    public static final int MAX_LANGUAGE_BYTES = 35;

    public static final ChainParams DEFAULTS = from(Params.getDefaultInstance());

    public static ChainParams from(Params p) {
        return new ChainParams(
                orDefault(p.getMaxTxBytes(), DEFAULT_MAX_TX_BYTES),
                orDefault(p.getMaxScenarioBytes(), DEFAULT_MAX_SCENARIO_BYTES),
                orDefault(p.getMaxTextBytes(), DEFAULT_MAX_TEXT_BYTES),
                orDefault(p.getMaxBlockBytes(), DEFAULT_MAX_BLOCK_BYTES),
                orDefault(p.getMaxBlockTxs(), DEFAULT_MAX_BLOCK_TXS),
                p.getMinFee() == 0 ? DEFAULT_MIN_FEE : p.getMinFee(),
                p.getFeePerByte() == 0 ? DEFAULT_FEE_PER_BYTE : p.getFeePerByte(),
                orDefault(p.getMaxTags(), DEFAULT_MAX_TAGS),
                orDefault(p.getMaxTagBytes(), DEFAULT_MAX_TAG_BYTES));
    }

    /** The effective values as a Params message (every field filled in). */
    public Params toProto() {
        return Params.newBuilder()
                .setMaxTxBytes(maxTxBytes).setMaxScenarioBytes(maxScenarioBytes).setMaxTextBytes(maxTextBytes)
                .setMaxBlockBytes(maxBlockBytes).setMaxBlockTxs(maxBlockTxs)
                .setMinFee(minFee).setFeePerByte(feePerByte)
                .setMaxTags(maxTags).setMaxTagBytes(maxTagBytes)
                .build();
    }

    /**
     * {@code min_fee + fee_per_byte * txBytes} (unsigned), or -1 (= 2^64-1, i.e. unpayable) when it
     * does not fit in 64 bits.
     */
    public long requiredFee(int txBytes) {
        long perByte = feePerByte * txBytes;
        if (txBytes != 0 && Long.divideUnsigned(perByte, txBytes) != feePerByte) {
            return -1L;
        }
        long total = minFee + perByte;
        return Long.compareUnsigned(total, minFee) < 0 ? -1L : total;
    }

    private static int orDefault(int value, int dflt) {
        return value == 0 ? dflt : value;
    }
}
