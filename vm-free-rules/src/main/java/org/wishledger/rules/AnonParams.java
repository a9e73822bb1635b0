package org.wishledger.rules;

/**
 * Consensus constants of anonymous wishes (docs/privacy.md). Not genesis params yet: one fixed set for
 * every chain, so no genesis format changes.
 *
 * @param bucketSize         notes per bucket, = the Triptych ring size (1,024)
 * @param sealAfterBlocks    an open bucket is sealed this many blocks after its first deposit, full or not
 * @param verifySurcharge    added to the size-based fee of an anonymous spend: it costs validators about
 *                           as much CPU as 20-100 signature checks
 * @param maxBucketsPerBlock distinct buckets a block may spend from: each costs one 1,024-point MSM
 * @param minDenom           smallest denomination d; a note of denomination d is worth 10^d base units
 *                           (10^5: a spend's fee, ~32,000 at default prices, must leave a burn)
 * @param maxDenom           largest denomination
 */
public record AnonParams(int bucketSize, long sealAfterBlocks, long verifySurcharge, int maxBucketsPerBlock,
        int minDenom, int maxDenom) {

    public static final AnonParams DEFAULTS = new AnonParams(1024, 100, 20_000, 8, 5, 15);

    public boolean validDenom(int denom) {
        return denom >= minDenom && denom <= maxDenom;
    }

    /** 10^denom base units. */
    public long value(int denom) {
        long v = 1;
        for (int i = 0; i < denom; i++) {
            v *= 10;
        }
        return v;
    }
}
