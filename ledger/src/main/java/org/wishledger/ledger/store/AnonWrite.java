package org.wishledger.ledger.store;

import java.util.List;
import java.util.Map;
import org.wishledger.ledger.proto.AnonBucket;

/**
 * What one block changes in the anonymous-note state (docs/privacy.md), written inside the block's
 * LMDB write transaction by {@link AnonStore}. The rules compute it.
 *
 * @param buckets      the new value of every bucket the block touched
 * @param nextBucketId per denomination whose counter moved: the id the next new bucket gets
 * @param notes        new note keys with their place: denom (4) || bucket id (8) || slot (4)
 * @param tags         new spent tags with the spending tx's position: height (8) || index (4)
 * @param wishIds      ids of the anonymous wishes created, with their position height (8) || index (4)
 * @param escrow       the anonymous escrow after the block
 */
public record AnonWrite(List<AnonBucket> buckets, Map<Integer, Long> nextBucketId, List<Entry> notes,
        List<Entry> tags, List<Entry> wishIds, long escrow) {

    /** A key and its value bytes. */
    public record Entry(byte[] key, byte[] value) {
    }
}
