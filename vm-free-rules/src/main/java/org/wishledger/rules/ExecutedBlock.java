package org.wishledger.rules;

import java.util.List;
import java.util.SortedMap;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.WishRecord;
import org.wishledger.ledger.store.AnonWrite;
import org.wishledger.ledger.store.BlockWrite;

/**
 * A block executed against a snapshot but not yet written: its complete effect on the state, plus the
 * encoded txs when execution had them (null otherwise) and its anonymous-note changes (null if none).
 */
record ExecutedBlock(Block block, byte[] blockId, List<byte[]> txHashes, SortedMap<ByteKey, Account> accounts,
        List<WishRecord> newWishes, List<WishRecord> updatedWishes, long fees, long burned, long totalBurned,
        byte[] appHash, List<byte[]> encodedTxs, AnonWrite anon) {

    BlockWrite toWrite(Commit commit) {
        return new BlockWrite(block, blockId, commit, txHashes, accounts, newWishes, updatedWishes, totalBurned, appHash,
                encodedTxs, anon);
    }

    BlockResult result() {
        return new BlockResult(block.getHeader().getHeight(), blockId, appHash, txHashes, fees, burned, totalBurned);
    }
}
