package org.wishledger.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.GenesisAccount;
import org.wishledger.ledger.store.LedgerStore;

/** Genesis JSON round trip, defaults, and a clear message for every kind of bad genesis. */
class GenesisLoaderTest {
    @TempDir
    Path dir;

    private final Genesis good = new TestChain(2, 3).genesis;

    @Test
    void jsonRoundTripAndDefaults() throws Exception {
        Path file = dir.resolve("genesis.json");
        Files.writeString(file, GenesisLoader.toJson(good));
        Genesis loaded = GenesisLoader.load(file);
        assertEquals(good, loaded);
        ChainParams p = ChainParams.from(loaded.getParams());
        assertEquals(16 * 1024, p.maxTxBytes());
        assertEquals(2 * 1024, p.maxScenarioBytes());
        assertEquals(4 * 1024, p.maxTextBytes());
        assertEquals(4 * 1024 * 1024, p.maxBlockBytes());
        assertEquals(10_000, p.maxBlockTxs());
        assertEquals(1_000 + 10 * 500, p.requiredFee(500));
        assertEquals(ChainParams.DEFAULTS, ChainParams.from(p.toProto()));
    }

    @Test
    void unknownJsonFieldsAndBrokenJsonAreRefused() throws Exception {
        Path file = dir.resolve("genesis.json");
        Files.writeString(file, GenesisLoader.toJson(good).replace("\"chainId\"", "\"chainIdd\""));
        assertMessage(() -> GenesisLoader.load(file), "not a valid genesis document");
        Files.writeString(file, "{ not json");
        assertMessage(() -> GenesisLoader.load(file), "not a valid genesis document");
    }

    @Test
    void everyProblemIsNamed() {
        assertInvalid(g -> g.setChainId(""), "chain_id");
        assertInvalid(g -> g.setChainId("has space"), "chain_id");
        assertInvalid(g -> g.setAccounts(0, g.getAccounts(0).toBuilder().setAddress("zz")), "accounts[0].address");
        assertInvalid(g -> g.setAccounts(1, g.getAccounts(1).toBuilder().setAddress("abcd")), "accounts[1].address must be 20 bytes");
        assertInvalid(g -> g.addAccounts(g.getAccounts(0)), "appears twice");
        assertInvalid(g -> g.setAccounts(0, g.getAccounts(0).toBuilder().setBalance(-1L)), "overflows");
        assertInvalid(Genesis.Builder::clearValidators, "at least one validator");
        assertInvalid(g -> g.setValidators(0, g.getValidators(0).toBuilder().setPower(0)), "validators[0] (v0).power");
        assertInvalid(g -> g.setValidators(0, g.getValidators(0).toBuilder().setPubKey(ByteString.copyFrom(new byte[5]))),
                "validators[0] (v0).pub_key");
        assertInvalid(g -> g.addValidators(g.getValidators(1)), "appears twice");
        assertInvalid(g -> g.setValidators(0, g.getValidators(0).toBuilder().setPower(GenesisLoader.MAX_TOTAL_VOTING_POWER)),
                "total voting power");
        assertInvalid(g -> g.setParams(g.getParams().toBuilder().setMinFee(-1L)), "overflows 64 bits");
        assertInvalid(g -> g.setParams(g.getParams().toBuilder().setMaxScenarioBytes(20_000)), "max_scenario_bytes");
        assertInvalid(g -> g.setParams(g.getParams().toBuilder().setMaxBlockTxs(-5)), "below 2^31");
        assertInvalid(g -> g.setParams(g.getParams().toBuilder().setMaxTxBytes(8 * 1024 * 1024)), "max_tx_bytes must not exceed");
    }

    @Test
    void initGenesisIsIdempotentButRefusesAnotherGenesis() {
        try (LedgerStore store = LedgerStore.open(dir.resolve("db"))) {
            assertTrue(Rules.initGenesis(store, good));
            assertEquals(false, Rules.initGenesis(store, good));
            Genesis other = good.toBuilder().addAccounts(GenesisAccount.newBuilder()
                    .setAddress("00".repeat(20)).setBalance(1)).build();
            assertMessage(() -> Rules.initGenesis(store, other), "another genesis");
            assertEquals(good, Rules.forStore(store).genesis());
            assertEquals(0, store.height());
            assertEquals(new TestChain(2, 3).supply(), store.supply());
        }
    }

    private void assertInvalid(UnaryOperator<Genesis.Builder> edit, String expected) {
        Genesis bad = edit.apply(good.toBuilder()).build();
        InvalidGenesisException e = assertThrows(InvalidGenesisException.class, () -> GenesisLoader.validate(bad));
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should name '" + expected + "'");
        assertThrows(InvalidGenesisException.class, () -> new Rules(bad));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
    }

}
