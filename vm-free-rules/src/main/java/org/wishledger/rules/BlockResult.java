package org.wishledger.rules;

import java.util.List;

/**
 * What applying a block did.
 *
 * @param txHashes    hashes of the block's txs, in order (the node answers waiting clients with them)
 * @param fees        fees paid to the proposer
 * @param burned      tokens burned by this block
 * @param totalBurned tokens burned since genesis
 */
public record BlockResult(long height, byte[] blockId, byte[] appHash, List<byte[]> txHashes, long fees,
        long burned, long totalBurned) {
}
