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

    /** BLOCKS blocks built by Rules.buildProposal, committed by all four validators. Returns the app hash. */
    private byte[] build(Path ledger) throws Exception {
        Rules rules = new Rules(genesis);
        TxBuilder txs = TxBuilder.forGenesis(genesis);
        long nonce = 0;
        try (LedgerStore store = LedgerStore.open(ledger)) {
            Rules.initGenesis(store, genesis);
            Commit last = null;
            for (int h = 1; h <= BLOCKS; h++) {
                List<CheckedTx> candidates = new ArrayList<>();
                for (int i = 0; i < WISHES_PER_BLOCK; i++) {
                    var tx = txs.wish(author, nonce++, Wish.newBuilder().setScenario("s" + h + "." + i)
                            .setDesired("d" + h).setBurn(h).build());
                    candidates.add(rules.decodeAndVerify(tx));
                }
                Block block = rules.buildProposal(store, candidates, genesis.getGenesisTimeMs() + h * 1000L,
                        validators.get(h % 4).address(), last);
                assertEquals(WISHES_PER_BLOCK, block.getTxsCount(), "proposal took every admitted tx");
                last = commit(block);
                rules.applyBlock(store, block, last, java.util.Set.of());
            }
            assertTrue(StoreStateView.of(store).account(author.address()).orElseThrow().getNonce() == nonce);
            return store.appHash();
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
