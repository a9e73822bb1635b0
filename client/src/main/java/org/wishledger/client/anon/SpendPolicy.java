package org.wishledger.client.anon;

import java.util.Optional;
import java.util.Random;
import org.wishledger.ledger.proto.AnonBucket;

/**
 * When the wallet spends a note: not before its bucket is sealed, and then only after a random extra
 * delay, so the spend's height says little about the deposit's; and it warns when the bucket has few
 * distinct depositors (the real anonymity set is the honest distinct depositors, not 1,024).
 *
 * @param minDelayBlocks   smallest extra delay after the seal
 * @param maxDelayBlocks   largest extra delay (uniform in between)
 * @param warnBelowDepositors warn when a bucket has fewer distinct depositors than this
 */
public record SpendPolicy(long minDelayBlocks, long maxDelayBlocks, int warnBelowDepositors) {
    public static final SpendPolicy DEFAULT = new SpendPolicy(10, 500, 32);

    public SpendPolicy {
        if (minDelayBlocks < 0 || maxDelayBlocks < minDelayBlocks) {
            throw new IllegalArgumentException("need 0 <= minDelayBlocks <= maxDelayBlocks");
        }
    }

    /** The first height at which to spend from this bucket, or empty while it is open. */
    public Optional<Long> spendAt(AnonBucket bucket, Random random) {
        if (bucket.getSealedHeight() == 0) {
            return Optional.empty();
        }
        long span = maxDelayBlocks - minDelayBlocks + 1;
        return Optional.of(bucket.getSealedHeight() + minDelayBlocks + Math.floorMod(random.nextLong(), span));
    }

    /** A warning for the user when the bucket gives little anonymity, else empty. */
    public Optional<String> warning(AnonBucket bucket) {
        if (bucket.getDistinctDepositors() < warnBelowDepositors) {
            return Optional.of("bucket " + bucket.getBucketId() + " of denomination " + bucket.getDenom() + " has only "
                    + bucket.getDistinctDepositors() + " distinct depositors (" + bucket.getDeposits()
                    + " deposits, the rest are unspendable fillers): your spend hides among at most that many people");
        }
        return Optional.empty();
    }
}
