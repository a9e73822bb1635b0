package org.wishledger.testnet.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.SignBytes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.CommitSig;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.GenesisAccount;
import org.wishledger.ledger.proto.GenesisValidator;
import org.wishledger.ledger.proto.VoteType;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.rules.CheckedTx;
import org.wishledger.rules.Rules;
import org.wishledger.rules.StoreStateView;
import org.wishledger.testnet.proto.VerifyReport;
import org.wishledger.client.ProtoJson;
import org.wishledger.client.TxBuilder;

/** chain verify on a real LMDB chain built by the rules' own proposer path, intact and tampered on disk. */
class ChainVerifierTest {
    private static final int BLOCKS = 12;
    private static final int WISHES_PER_BLOCK = 5;

    private final List<KeyPair> validators = List.of(key(1), key(2), key(3), key(4));
    private final KeyPair author = key(100);
    private final Genesis genesis = genesis();

    @Test
    void anHonestChainVerifies(@TempDir Path dir) throws Exception {
        Path ledger = dir.resolve("ledger");
        byte[] appHash = build(ledger);
        VerifyReport report;
        try (LedgerStore source = LedgerStore.open(ledger)) {
            report = ChainVerifier.verify(source, genesis, dir.resolve("scratch"), h -> { });
        }
        assertTrue(report.getOk(), report.getMismatch());
        assertEquals(BLOCKS, report.getBlocks());
        assertEquals(BLOCKS * WISHES_PER_BLOCK, report.getTxs());
        assertEquals(Hex.encode(appHash), report.getAppHash());
        assertFalse(Files.exists(dir.resolve("scratch")), "the scratch store is removed");
    }

    @Test
    void aFlippedSignatureByteOnDiskIsFound(@TempDir Path dir) throws Exception {
        Path ledger = dir.resolve("ledger");
        build(ledger);
        byte[] signature;
        try (LedgerStore source = LedgerStore.open(ledger)) {
            signature = source.commit(5).orElseThrow().getSignatures(0).getSignature().toByteArray();
        }
        int flipped = flipEveryCopy(ledger.resolve("data.mdb"), signature);
        assertTrue(flipped >= 1, "signature bytes found in the LMDB file");
        VerifyReport report;
        try (LedgerStore source = LedgerStore.open(ledger)) {
            report = ChainVerifier.verify(source, genesis, dir.resolve("scratch"), h -> { });
        }
        assertFalse(report.getOk(), ProtoJson.print(report));
        assertEquals(5, report.getMismatchHeight(), report.getMismatch());
        assertEquals(4, report.getHeight(), "blocks before the tampered one verified");
    }

    @Test
    void aStoreOfAnotherGenesisIsAMismatch(@TempDir Path dir) throws Exception {
        Path ledger = dir.resolve("ledger");
        build(ledger);
        Genesis other = genesis.toBuilder().setGenesisTimeMs(genesis.getGenesisTimeMs() + 1).build();
        try (LedgerStore source = LedgerStore.open(ledger)) {
            VerifyReport report = ChainVerifier.verify(source, other, dir.resolve("scratch"), h -> { });
            assertFalse(report.getOk());
            assertTrue(report.getMismatch().contains("another genesis"), report.getMismatch());
        }
    }

    /**
     * The issue-10 case: chain verify on the store of a node that is still committing blocks. Read piecewise,
     * the audit compared the last block's re-execution with the app hash of a later tip and reported a false
     * MISMATCH; through one snapshot it verifies the chain up to the tip it started from.
     */
    @Test
    void aStoreThatKeepsGrowingDuringTheAuditVerifiesUpToItsStartingTip(@TempDir Path dir) throws Exception {
        Path ledger = dir.resolve("ledger");
        try (LedgerStore store = LedgerStore.open(ledger)) {
            ChainWriter writer = new ChainWriter(store);
            writer.append(BLOCKS);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicReference<Throwable> writerFailure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread node = new Thread(() -> { // the "running node": commits a block after another
                try {
                    while (!stop.get()) {
                        writer.append(1);
                    }
                } catch (Throwable t) {
                    writerFailure.set(t);
                }
            }, "still-running-node");
            node.start();
            try {
                for (int run = 0; run < 3; run++) {
                    long heightBefore = store.height();
                    VerifyReport report = ChainVerifier.verify(store, genesis, dir.resolve("scratch" + run), h -> { });
                    assertTrue(report.getOk(), "run " + run + ": " + report.getMismatch());
                    assertTrue(report.getHeight() >= heightBefore, "audited up to the tip it started from");
                    assertTrue(store.height() > report.getHeight() || writerFailure.get() != null,
                            "the chain grew during the audit (otherwise this test proves nothing)");
                }
            } finally {
                stop.set(true);
                node.join(10_000);
            }
            assertEquals(null, writerFailure.get(), "the writer failed: " + writerFailure.get());
        }
    }

    /** BLOCKS blocks built by Rules.buildProposal, committed by all four validators. Returns the app hash. */
    private byte[] build(Path ledger) throws Exception {
        try (LedgerStore store = LedgerStore.open(ledger)) {
            ChainWriter writer = new ChainWriter(store);
            writer.append(BLOCKS);
            assertTrue(StoreStateView.of(store).account(author.address()).orElseThrow().getNonce() == writer.nonce);
            return store.appHash();
        }
    }

    /** Appends blocks of WISHES_PER_BLOCK wishes to a store initialised with the test's genesis. */
    private final class ChainWriter {
        private final LedgerStore store;
        private final Rules rules = new Rules(genesis);
        private final TxBuilder txs = TxBuilder.forGenesis(genesis);
        private long nonce;
        private Commit last;

        ChainWriter(LedgerStore store) throws Exception {
            this.store = store;
            Rules.initGenesis(store, genesis);
        }

        void append(int blocks) throws Exception {
            for (int n = 0; n < blocks; n++) {
                long h = store.height() + 1;
                List<CheckedTx> candidates = new ArrayList<>();
                for (int i = 0; i < WISHES_PER_BLOCK; i++) {
                    var tx = txs.wish(author, nonce++, Wish.newBuilder().setScenario("s" + h + "." + i)
                            .setDesired("d" + h).setBurn(h).build());
                    candidates.add(rules.decodeAndVerify(tx));
                }
                Block block = rules.buildProposal(store, candidates, genesis.getGenesisTimeMs() + h * 1000L,
                        validators.get((int) (h % 4)).address(), last);
                assertEquals(WISHES_PER_BLOCK, block.getTxsCount(), "proposal took every admitted tx");
                last = commit(block);
                rules.applyBlock(store, block, last, java.util.Set.of());
            }
        }
    }

    private Commit commit(Block block) {
        byte[] id = Hashes.blockId(block);
        long height = block.getHeader().getHeight();
        byte[] signBytes = SignBytes.vote(genesis.getChainId(), VoteType.PRECOMMIT, height, 0, ByteString.copyFrom(id));
        Commit.Builder c = Commit.newBuilder().setHeight(height).setBlockId(ByteString.copyFrom(id));
        for (KeyPair v : validators) {
            c.addSignatures(CommitSig.newBuilder().setValidator(ByteString.copyFrom(v.address()))
                    .setSignature(ByteString.copyFrom(v.sign(signBytes))));
        }
        return c.build();
    }

    private Genesis genesis() {
        Genesis.Builder g = Genesis.newBuilder().setChainId("verify-test").setGenesisTimeMs(1_790_000_000_000L)
                .addAccounts(GenesisAccount.newBuilder().setAddress(author.publicKey().addressHex()).setBalance(1L << 50));
        for (int i = 0; i < validators.size(); i++) {
            g.addValidators(GenesisValidator.newBuilder().setName("v" + i)
                    .setPubKey(ByteString.copyFrom(validators.get(i).publicKey().encoded())).setPower(10));
        }
        return g.build();
    }

    private static KeyPair key(int i) {
        return KeyPair.fromSeed(ByteBuffer.allocate(32).putInt(0, 0xC0FFEE).putInt(4, i).array());
    }

    /** Flips one bit in every occurrence of {@code needle} in the file (LMDB pages carry no checksum). */
    private static int flipEveryCopy(Path file, byte[] needle) throws IOException {
        byte[] data = Files.readAllBytes(file);
        int count = 0;
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            data[i + 10] ^= 0x01;
            count++;
        }
        Files.write(file, data);
        return count;
    }
}
