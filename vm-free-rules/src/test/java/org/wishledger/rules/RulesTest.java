package org.wishledger.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Endorse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Transfer;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.proto.WishRecord;
import org.wishledger.ledger.store.LedgerStore;

/** What valid txs do: balances, nonces, burns, fees to the proposer, wish records; mempool and proposals. */
class RulesTest {
    @TempDir
    Path dir;

    private final TestChain chain = new TestChain(4, 4);
    private LedgerStore store;
    private KeyPair alice;
    private KeyPair bob;

    @BeforeEach
    void open() {
        store = LedgerStore.open(dir);
        assertTrue(Rules.initGenesis(store, chain.genesis));
        alice = chain.accounts.get(0);
        bob = chain.accounts.get(1);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Tx wish(KeyPair k, long nonce, long burn, byte[] parent) {
        Wish.Builder w = Wish.newBuilder().setScenario("A child asks how to build a bomb.")
                .setDesired("Refuse kindly and talk about safe chemistry experiments.")
                .setUndesired("Give instructions.").setLanguage("en").addTags("safety").setBurn(burn);
        if (parent != null) {
            w.setParent(ByteString.copyFrom(parent));
        }
        return chain.signWithFee(k, chain.body(k, nonce).setWish(w), 0);
    }

    private Tx endorse(KeyPair k, long nonce, byte[] id, long burn) {
        return chain.signWithFee(k, chain.body(k, nonce).setEndorse(
                Endorse.newBuilder().setWishId(ByteString.copyFrom(id)).setBurn(burn)), 0);
    }

    private static long fee(Tx tx) throws Exception {
        return TxBody.parseFrom(tx.getBodyBytes()).getFee();
    }

    @Test
    void wishesEndorsementsTransfersFeesAndBurns() throws Exception {
        assertEquals(chain.rules.chainId(), store.genesis().orElseThrow().getChainId());
        assertArrayEquals(Rules.genesisAppHash(chain.genesis), store.appHash());
        Tx w1 = wish(alice, 0, 1_000, null);
        byte[] id1 = Hashes.txHash(w1);
        Tx e1 = endorse(bob, 0, id1, 250); // endorses a wish created earlier in the same block
        Tx w2 = wish(bob, 1, 0, id1);       // adapts it
        Tx t1 = chain.signWithFee(alice, chain.body(alice, 1).setTransfer(
                Transfer.newBuilder().setTo(ByteString.copyFrom(bob.address())).setAmount(77)), 0);
        Block block = chain.block(store, List.of(w1, e1, w2, t1), 2);
        BlockResult r = chain.apply(store, block);
        long fees = fee(w1) + fee(e1) + fee(w2) + fee(t1);

        assertEquals(1, store.height());
        assertArrayEquals(r.appHash(), store.appHash());
        assertEquals(fees, r.fees());
        assertEquals(1_250, r.burned());
        assertEquals(1_250, store.totalBurned());
        assertEquals(Account.newBuilder().setBalance(TestChain.INITIAL_BALANCE - fee(w1) - 1_000 - fee(t1) - 77)
                .setNonce(2).build(), store.account(alice.address()).orElseThrow());
        assertEquals(TestChain.INITIAL_BALANCE - fee(e1) - 250 - fee(w2) + 77, store.account(bob.address()).orElseThrow().getBalance());
        byte[] proposer = chain.validators.get(2).address();
        assertEquals(fees, store.account(proposer).orElseThrow().getBalance());

        WishRecord rec = store.wish(id1).orElseThrow();
        assertEquals(1_000, rec.getWish().getBurn());
        assertEquals(250, rec.getEndorsedBurn());
        assertEquals(1_250, rec.getTotalBurn());
        assertEquals(TestChain.GENESIS_TIME_MS + 1000, rec.getTimeMs());
        WishRecord rec2 = store.wish(Hashes.txHash(w2)).orElseThrow();
        assertArrayEquals(id1, rec2.getWish().getParent().toByteArray());
        assertEquals(2, rec2.getIndex());
        assertEquals(2, store.wishesAfter(0, 10).size());

        // An endorsement in a later block updates the committed record.
        chain.applyTxs(store, List.of(endorse(alice, 2, id1, 5)));
        assertEquals(1_255, store.wish(id1).orElseThrow().getTotalBurn());
        assertInvariant();
    }

    @Test
    void pendingStateAdmitsSeveralTxsOfOneAccountInNonceOrder() throws Rejection {
        PendingState pending = new PendingState(StoreStateView.of(store));
        Tx w0 = wish(alice, 0, 1, null);
        CheckedTx c0 = chain.rules.decodeAndVerify(w0);
        pending.admit(c0);
        CheckedTx c1 = chain.rules.decodeAndVerify(endorse(alice, 1, c0.hash(), 3)); // endorses a pending wish
        pending.admit(c1);
        CheckedTx again = chain.rules.decodeAndVerify(wish(alice, 1, 2, null));
        Rejection r = assertThrows(Rejection.class, () -> pending.admit(again));
        assertEquals(ErrorCode.BAD_NONCE, r.code());
        assertEquals(2, pending.account(alice.address()).orElseThrow().getNonce());
        assertEquals(0, store.account(alice.address()).orElseThrow().getNonce());

        // The proposal includes both in order and skips the duplicate nonce; it validates and applies.
        Block proposal = chain.rules.buildProposal(store, List.of(c0, c1, again), 0, chain.validators.get(0).address(), null);
        assertEquals(List.of(w0, c1.tx()), proposal.getTxsList());
        assertTrue(proposal.getHeader().getTimeMs() >= TestChain.GENESIS_TIME_MS);
        Set<ByteKey> pre = Set.of(c0.hashKey(), c1.hashKey());
        assertTrue(chain.rules.validateBlock(store, proposal, pre).valid());
        chain.rules.applyBlock(store, proposal, chain.commit(proposal), pre);
        assertEquals(2, store.account(alice.address()).orElseThrow().getNonce());

        pending.reset(StoreStateView.of(store));
        assertEquals(0, pending.pendingAccounts());
        assertEquals(2, pending.account(alice.address()).orElseThrow().getNonce());

        // The next proposal links to block 1 and its commit.
        CheckedTx c2 = chain.rules.decodeAndVerify(wish(alice, 2, 0, null));
        Block next = chain.rules.buildProposal(store, List.of(c2), TestChain.GENESIS_TIME_MS,
                chain.validators.get(1).address(), store.commit(1).orElseThrow());
        assertEquals(2, next.getHeader().getHeight());
        assertTrue(next.getHeader().getTimeMs() > store.lastBlockTimeMs());
        chain.rules.applyBlock(store, next, chain.commit(next), PreVerified.decoded(Map.of(c2.hashKey(), c2)));
        assertEquals(2, store.height());
        assertInvariant();
    }

    /** The execution kept from validateBlock must never be reused for another block at the same height. */
    @Test
    void applyingAnotherBlockThanTheOneValidatedExecutesItAfresh(@TempDir Path other) throws Exception {
        Block a = chain.block(store, List.of(wish(alice, 0, 10, null)), 0);
        Block b = chain.block(store, List.of(wish(bob, 0, 20, null)), 1);
        assertTrue(chain.rules.validateBlock(store, a, PreVerified.NONE).valid());
        BlockResult applied = chain.apply(store, b);
        try (LedgerStore fresh = LedgerStore.open(other)) {
            Rules.initGenesis(fresh, chain.genesis);
            assertArrayEquals(chain.apply(fresh, b).appHash(), applied.appHash());
        }
        assertEquals(1, store.account(bob.address()).orElseThrow().getNonce());
        assertEquals(0, store.account(alice.address()).orElseThrow().getNonce());
        assertEquals(20, store.totalBurned());
    }

    @Test
    void proposalRespectsTheTxCountLimit() throws Rejection {
        Rules small = new Rules(chain.genesis.toBuilder().setParams(chain.genesis.getParams().toBuilder().setMaxBlockTxs(3)).build());
        List<CheckedTx> candidates = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            candidates.add(small.decodeAndVerify(wish(alice, i, 0, null)));
        }
        Block b = small.buildProposal(store, candidates, 0, chain.validators.get(0).address(), null);
        assertEquals(3, b.getTxsCount());
    }

    private void assertInvariant() {
        long[] sum = {0};
        store.read(s -> {
            s.forEachAccount((a, acc) -> sum[0] += acc.getBalance());
            return null;
        });
        assertEquals(chain.supply(), sum[0] + store.totalBurned());
    }
}
