package org.wishledger.ledger.store;

import java.util.List;
import java.util.Map;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.WishRecord;

/**
 * Everything applying one block changes, written by {@link LedgerStore#writeBlock} in one LMDB write
 * transaction: the block and the commit that decided it, the tx index, the new value of every account
 * touched, new and endorsed wishes, the totals and the new app hash. The rules compute it; the store
 * only persists it, so the store knows nothing about what makes a block valid.
 *
 * @param block        the full block (its txs are stored separately, by position)
 * @param blockId      {@code Hashes.blockId(block)}
 * @param commit       the +2/3 precommits that decided this block
 * @param txHashes     the hash of every tx, in block order
 * @param accounts     the new value of every account the block changed
 * @param newWishes    wishes created by this block, in block order
 * @param updatedWishes older wishes whose endorsed burn changed
 * @param totalBurned  total burned after this block
 * @param appHash      state commitment after this block
 * @param encodedTxs   the encoded txs in block order if the caller already has them (hashing needed
 *                     them), so the store copies instead of serialising again; or null
 * @param anon         the block's changes to the anonymous-note state, or null when it has none
 */
public record BlockWrite(Block block, byte[] blockId, Commit commit, List<byte[]> txHashes,
        Map<ByteKey, Account> accounts, List<WishRecord> newWishes, List<WishRecord> updatedWishes,
        long totalBurned, byte[] appHash, List<byte[]> encodedTxs, AnonWrite anon) {

    public BlockWrite {
        if (txHashes.size() != block.getTxsCount()) {
            throw new IllegalArgumentException("txHashes has " + txHashes.size() + " entries for "
                    + block.getTxsCount() + " txs");
        }
        if (encodedTxs != null && encodedTxs.size() != block.getTxsCount()) {
            throw new IllegalArgumentException("encodedTxs has " + encodedTxs.size() + " entries for "
                    + block.getTxsCount() + " txs");
        }
    }

    public BlockWrite(Block block, byte[] blockId, Commit commit, List<byte[]> txHashes,
            Map<ByteKey, Account> accounts, List<WishRecord> newWishes, List<WishRecord> updatedWishes,
            long totalBurned, byte[] appHash) {
        this(block, blockId, commit, txHashes, accounts, newWishes, updatedWishes, totalBurned, appHash, null, null);
    }

    public BlockWrite(Block block, byte[] blockId, Commit commit, List<byte[]> txHashes,
            Map<ByteKey, Account> accounts, List<WishRecord> newWishes, List<WishRecord> updatedWishes,
            long totalBurned, byte[] appHash, List<byte[]> encodedTxs) {
        this(block, blockId, commit, txHashes, accounts, newWishes, updatedWishes, totalBurned, appHash, encodedTxs, null);
    }

    public long height() {
        return block.getHeader().getHeight();
    }
}
