package org.wishledger.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.store.LedgerStore;

/**
 * Seeded property test: at least 10,000 random valid txs in blocks of random size, with hostile txs
 * (overflows, replays, wrong chain, bad signatures, oversize, invalid UTF-8, unknown wishes, ...) slipped
 * into a third of the blocks. A block with a hostile tx must be refused with the hostile tx's code and
 * index, leaving the store untouched; the block without it must apply. After every block the store must
 * agree with the naive model, sum(balances) + total_burned = supply, and every wish's influence must be
 * its burn plus its endorsements. Run again with -Dwishledger.seed=N to reproduce a failure.
 */
class LedgerPropertyTest {
    private static final int VALID_TXS = 10_000;

    @TempDir
    Path dir;

    @Test
    void randomBlocksKeepEveryInvariant() throws Exception {
        long seed = Long.getLong("wishledger.seed", System.nanoTime());
        String ctx = "[seed " + seed + ", rerun with -Dwishledger.seed=" + seed + "] ";
        try {
            run(seed, ctx);
        } catch (AssertionError | RuntimeException e) {
            System.err.println("LedgerPropertyTest failed " + ctx);
            throw e;
        }
    }

    private void run(long seed, String ctx) throws Exception {
        TestChain chain = new TestChain(4, 24);
        Workload work = new Workload(chain, seed);
        int validTxs = 0;
        int hostileBlocks = 0;
        Set<String> hostileKinds = new HashSet<>();
        try (LedgerStore store = LedgerStore.open(dir)) {
            Rules.initGenesis(store, chain.genesis);
            while (validTxs < VALID_TXS) {
                int n = work.rnd.nextInt(10) == 0 ? 0 : 1 + work.rnd.nextInt(300);
                // Every third block gets a hostile tx at a random position; kinds take turns, so all
                // of them are exercised whatever the seed.
                int hostileAt = store.height() % 3 == 0 ? work.rnd.nextInt(n + 1) : -1;
                List<Tx> txs = new ArrayList<>(n);
                Workload.Hostile hostile = null;
                for (int i = 0; i <= n; i++) {
                    if (i == hostileAt) {
                        hostile = work.hostile(hostileBlocks);
                    }
                    if (i < n) {
                        txs.add(work.valid());
                    }
                }
                int proposer = work.rnd.nextInt(chain.validators.size());
                String at = ctx + "height " + (store.height() + 1) + ": ";
                if (hostile != null) {
                    hostileBlocks++;
                    hostileKinds.add(hostile.kind());
                    List<Tx> withHostile = new ArrayList<>(txs);
                    withHostile.add(hostileAt, hostile.tx());
                    assertRefused(chain, store, chain.block(store, withHostile, proposer), hostile, hostileAt, at);
                }
                Block block = chain.block(store, txs, proposer);
                // Alternate the paths the node uses: full verification, pre-verified hashes, validate then apply.
                Set<ByteKey> pre = new HashSet<>();
                if (work.rnd.nextBoolean()) {
                    for (Tx tx : txs) {
                        pre.add(ByteKey.wrap(Hashes.txHash(tx)));
                    }
                }
                if (work.rnd.nextBoolean()) {
                    assertTrue(chain.rules.validateBlock(store, block, pre).valid(), at + "validateBlock");
                }
                try {
                    chain.rules.applyBlock(store, block, chain.commit(block), pre);
                } catch (Rejection r) {
                    fail(at + "a block of valid txs was refused: " + r);
                }
                work.endBlock(chain.validators.get(proposer).address());
                validTxs += txs.size();
                assertInvariants(chain, work, store, at);
            }
            assertTrue(hostileBlocks >= 10, ctx + "too few hostile blocks: " + hostileBlocks);
            assertTrue(hostileKinds.size() >= Workload.HOSTILE_KINDS - 1, ctx + "hostile kinds exercised: " + hostileKinds);
        }
    }

    private static void assertRefused(TestChain chain, LedgerStore store, Block block, Workload.Hostile hostile,
            int index, String at) {
        long height = store.height();
        byte[] appHash = store.appHash();
        BlockVerdict verdict = chain.rules.validateBlock(store, block, PreVerified.NONE);
        assertFalse(verdict.valid(), at + hostile.kind() + " passed validation");
        assertEquals(hostile.code(), verdict.code(), at + hostile.kind() + ": " + verdict.message());
        assertEquals(index, verdict.txIndex(), at + hostile.kind());
        try {
            chain.rules.applyBlock(store, block, chain.commit(block), PreVerified.NONE);
            fail(at + hostile.kind() + " was applied");
        } catch (Rejection r) {
            assertEquals(hostile.code(), r.code(), at + hostile.kind() + ": " + r);
            assertEquals(index, r.txIndex(), at + hostile.kind());
        }
        assertEquals(height, store.height(), at + "height changed after a refused block");
        assertArrayEquals(appHash, store.appHash(), at + "app hash changed after a refused block");
    }

    private static void assertInvariants(TestChain chain, Workload work, LedgerStore store, String at) {
        store.read(s -> {
            long[] sum = {0};
            int[] count = {0};
            s.forEachAccount((address, account) -> {
                sum[0] += account.getBalance();
                count[0]++;
                long[] model = work.accounts.get(ByteKey.wrap(address));
                long modelBalance = model == null ? 0 : model[0];
                long modelNonce = model == null ? 0 : model[1];
                assertEquals(Account.newBuilder().setBalance(modelBalance).setNonce(modelNonce).build(), account,
                        at + "account " + ByteKey.wrap(address));
            });
            assertEquals(chain.supply(), sum[0] + s.totalBurned(), at + "sum(balances) + total_burned != supply");
            assertEquals(work.burned, s.totalBurned(), at + "total burned");
            int[] wishes = {0};
            s.forEachWish(w -> {
                wishes[0]++;
                long[] model = work.wishes.get(ByteKey.copyOf(w.getId().toByteArray()));
                assertEquals(model[0], w.getWish().getBurn(), at + "wish burn");
                assertEquals(model[1], w.getEndorsedBurn(), at + "endorsed burn");
                assertEquals(w.getWish().getBurn() + w.getEndorsedBurn(), w.getTotalBurn(), at + "wish influence");
            });
            assertEquals(work.wishes.size(), wishes[0], at + "wish count");
            return null;
        });
    }
}
