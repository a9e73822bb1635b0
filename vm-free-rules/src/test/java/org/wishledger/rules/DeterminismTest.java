package org.wishledger.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.store.LedgerStore;

/**
 * The same blocks applied to two fresh stores, through different code paths and with refused blocks in
 * between on one of them, give byte-identical app hashes at every height; and a pinned app hash guards
 * against non-determinism across JVMs and versions (hash-map order, encodings).
 */
class DeterminismTest {
    /** App hash after {@link #BLOCKS} blocks of {@code new Workload(new TestChain(4, 8), 42)}. */
    private static final String PINNED_APP_HASH = "9f22562515cfdb675825302369b08aec89ee51310a7f95010eae04ae2fa4caf8";
    private static final int BLOCKS = 20;

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    @Test
    void twoFreshStoresAgreeByteForByte() throws Rejection {
        TestChain chain = new TestChain(4, 8);
        Workload work = new Workload(chain, 42);
        List<byte[]> hashesA = new ArrayList<>();
        List<byte[]> hashesB = new ArrayList<>();
        try (LedgerStore a = LedgerStore.open(dirA); LedgerStore b = LedgerStore.open(dirB)) {
            Rules.initGenesis(a, chain.genesis);
            Rules.initGenesis(b, chain.genesis);
            assertArrayEquals(a.appHash(), b.appHash(), "genesis app hash");
            Rules rulesB = new Rules(chain.genesis); // a separate instance: no shared caches
            for (int h = 1; h <= BLOCKS; h++) {
                List<Tx> txs = new ArrayList<>();
                int n = 1 + work.rnd.nextInt(60);
                for (int i = 0; i < n; i++) {
                    txs.add(work.valid());
                }
                Block block = chain.block(a, txs, h);
                chain.apply(a, block);
                hashesA.add(a.appHash());

                // Store B first refuses a block with a hostile tx, then validates and applies the block
                // with its signatures marked as pre-verified.
                List<Tx> bad = new ArrayList<>(txs);
                bad.add(work.hostile().tx());
                Block refused = chain.block(b, bad, h);
                assertThrows(Rejection.class, () -> rulesB.applyBlock(b, refused, chain.commit(refused), PreVerified.NONE));
                Set<ByteKey> pre = new HashSet<>();
                txs.forEach(tx -> pre.add(ByteKey.wrap(Hashes.txHash(tx))));
                rulesB.validateBlock(b, block, pre);
                rulesB.applyBlock(b, block, chain.commit(block), pre);
                hashesB.add(b.appHash());
                work.endBlock(chain.validators.get(h % 4).address());
                assertArrayEquals(hashesA.get(h - 1), hashesB.get(h - 1), "app hash at height " + h);
            }
            assertEquals(BLOCKS, b.height());
            assertEquals(PINNED_APP_HASH, Hex.encode(a.appHash()));
        }
    }
}
