package org.wishledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.consensus.commit.Commits;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.SignBytes;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.GenesisAccount;
import org.wishledger.ledger.proto.GenesisValidator;
import org.wishledger.ledger.proto.Params;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.rules.BlockResult;
import org.wishledger.rules.CheckedTx;
import org.wishledger.rules.PreVerified;
import org.wishledger.rules.Rules;
import org.wishledger.rules.StoreStateView;
import org.wishledger.client.TxBuilder;

/** The mempool over a real LMDB store: nonce order, limits, dedup and the recheck after a block. */
class MempoolTest {
    private static final long BALANCE = 10_000_000;

    @TempDir
    Path dir;
    private LedgerStore store;
    private Rules rules;
    private TxBuilder txs;
    private final KeyPair alice = KeyPair.fromSeed(seed(1));
    private final KeyPair validator = KeyPair.fromSeed(seed(9));

    @BeforeEach
    void open() {
        Genesis genesis = Genesis.newBuilder()
                .setChainId("mempool-test")
                .setGenesisTimeMs(1_000)
                .addAccounts(GenesisAccount.newBuilder().setAddress(alice.publicKey().addressHex()).setBalance(BALANCE))
                .addValidators(GenesisValidator.newBuilder().setName("v0")
                        .setPubKey(ByteString.copyFrom(validator.publicKey().encoded())).setPower(10))
                .setParams(Params.getDefaultInstance())
                .build();
        store = LedgerStore.open(dir.resolve("ledger"));
        Rules.initGenesis(store, genesis);
        rules = Rules.forStore(store);
        txs = TxBuilder.forGenesis(genesis);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void admitsSeveralTxsOfOneAccountInNonceOrderAndReapsThemInThatOrder() throws Rejection {
        Mempool mempool = mempool(100, 1 << 20);
        List<CheckedTx> admitted = new ArrayList<>();
        for (int nonce = 0; nonce < 5; nonce++) {
            CheckedTx tx = rules.decodeAndVerify(wish(nonce, 10));
            mempool.add(tx);
            admitted.add(tx);
        }
        assertEquals(admitted, mempool.reap(1 << 20, 100));
        assertEquals(admitted.subList(0, 2), mempool.reap(1 << 20, 2), "reap respects the tx count limit");
    }

    @Test
    void refusesANonceGapADuplicateAndAnOverdraftOfThePendingState() throws Rejection {
        Mempool mempool = mempool(100, 1 << 20);
        mempool.add(rules.decodeAndVerify(wish(0, 10)));
        assertEquals(ErrorCode.BAD_NONCE, code(() -> mempool.add(rules.decodeAndVerify(wish(2, 10)))));
        assertEquals(ErrorCode.DUPLICATE, code(() -> mempool.add(rules.decodeAndVerify(wish(0, 10)))));
        // The pending wish already burns 10; a second one burning the whole balance no longer fits.
        assertEquals(ErrorCode.INSUFFICIENT_FUNDS, code(() -> mempool.add(rules.decodeAndVerify(wish(1, BALANCE)))));
        assertEquals(1, mempool.size());
    }

    @Test
    void isBoundedByCountAndByBytes() throws Rejection {
        Mempool byCount = mempool(2, 1 << 20);
        byCount.add(rules.decodeAndVerify(wish(0, 1)));
        byCount.add(rules.decodeAndVerify(wish(1, 1)));
        assertEquals(ErrorCode.MEMPOOL_FULL, code(() -> byCount.add(rules.decodeAndVerify(wish(2, 1)))));

        CheckedTx first = rules.decodeAndVerify(wish(0, 1));
        Mempool byBytes = mempool(100, first.size() + 10);
        byBytes.add(first);
        assertEquals(ErrorCode.MEMPOOL_FULL, code(() -> byBytes.add(rules.decodeAndVerify(wish(1, 1)))));
        assertEquals(first.size(), byBytes.bytes());
    }

    @Test
    void afterABlockDropsTheCommittedTxsAndTheOnesTheBlockMadeInvalid() throws Rejection {
        Mempool mempool = mempool(100, 1 << 20);
        CheckedTx pendingNonce0 = rules.decodeAndVerify(wish(0, 10));
        CheckedTx pendingNonce1 = rules.decodeAndVerify(wish(1, 10));
        mempool.add(pendingNonce0);
        mempool.add(pendingNonce1);

        // Another node's block used nonce 0 for a different wish: our nonce-0 tx is now a replay of a used
        // nonce and our nonce-1 tx is the next valid one.
        CheckedTx competing = rules.decodeAndVerify(wish(0, 20));
        Block block = rules.buildProposal(store, List.of(competing), 2_000, validator.address(), null);
        BlockResult result = rules.applyBlock(store, block, commitFor(block), PreVerified.NONE);

        List<Mempool.DroppedTx> dropped = new ArrayList<>();
        mempool.update(result.txHashes(), StoreStateView.of(store), dropped::add);
        assertEquals(1, dropped.size());
        assertEquals(pendingNonce0.hashKey(), dropped.get(0).tx().hashKey());
        assertEquals(ErrorCode.BAD_NONCE, dropped.get(0).reason().code());
        assertEquals(List.of(pendingNonce1), mempool.reap(1 << 20, 100));
        assertTrue(mempool.signatureVerified(pendingNonce1.hashKey()));
    }

    /** The validator's precommit for the block: all the power there is, so a valid commit. */
    private Commit commitFor(Block block) {
        ByteString blockId = ByteString.copyFrom(Hashes.blockId(block));
        long height = block.getHeader().getHeight();
        Vote precommit = Vote.newBuilder().setType(VoteType.PRECOMMIT).setHeight(height).setRound(0)
                .setBlockId(blockId).setValidator(ByteString.copyFrom(validator.address()))
                .setSignature(ByteString.copyFrom(validator.sign(
                        SignBytes.vote(rules.chainId(), VoteType.PRECOMMIT, height, 0, blockId))))
                .build();
        return Commits.build(height, 0, blockId, List.of(precommit));
    }

    private Mempool mempool(int maxTxs, long maxBytes) {
        return new Mempool(rules, StoreStateView.of(store), maxTxs, maxBytes);
    }

    private Tx wish(long nonce, long burn) {
        return txs.wish(alice, nonce, Wish.newBuilder()
                .setScenario("scenario " + nonce).setDesired("desired " + nonce + "/" + burn).setBurn(burn).build());
    }

    private static ErrorCode code(ThrowingRunnable r) {
        return assertThrows(Rejection.class, r::run).code();
    }

    private interface ThrowingRunnable {
        void run() throws Rejection;
    }

    private static byte[] seed(int b) {
        byte[] s = new byte[32];
        s[0] = (byte) b;
        return s;
    }
}
