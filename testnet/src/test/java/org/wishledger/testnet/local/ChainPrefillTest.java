package org.wishledger.testnet.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.node.NodeHome;
import org.wishledger.testnet.proto.VerifyReport;
import org.wishledger.testnet.verify.ChainVerifier;

class ChainPrefillTest {
    @TempDir
    Path dir;

    @Test
    void buildsAVerifiableChainAndGivesEveryNodeTheSameStore() throws Exception {
        TestnetLayout layout = new TestnetLayout(dir.resolve("tn"));
        Genesis genesis = TestnetInitializer.init(layout, TestnetSpec.defaults(4, 5).withKeySeed(11));
        List<String> progress = new ArrayList<>();
        ChainPrefill.Result r = new ChainPrefill(layout, progress::add).run(1_050, 200, 3);
        assertEquals(6, r.blocks(), "5 full blocks and one of 50");
        assertEquals(6, r.height());
        assertTrue(progress.stream().anyMatch(l -> l.contains("txs 1,050 of 1,050")), "progress reaches 100%: " + progress);

        byte[] appHash = null;
        for (NodeHome home : layout.nodes()) {
            try (LedgerStore store = LedgerStore.open(home.ledgerDir())) {
                assertEquals(6, store.height(), home.name());
                if (appHash == null) {
                    appHash = store.appHash();
                    // Re-executes every block from genesis and checks every commit against the validators.
                    VerifyReport report = ChainVerifier.verify(store, genesis, dir.resolve("verify"), h -> { });
                    assertTrue(report.getOk(), report.getMismatch());
                    assertEquals(1_050, report.getTxs());
                } else {
                    assertArrayEquals(appHash, store.appHash(), home.name() + " has node0's state");
                }
            }
        }
    }

    @Test
    void refusesATestnetThatAlreadyHasAChain() throws Exception {
        TestnetLayout layout = new TestnetLayout(dir.resolve("tn"));
        TestnetInitializer.init(layout, TestnetSpec.defaults(4, 2).withKeySeed(12));
        Files.createDirectories(layout.node(2).ledgerDir());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ChainPrefill(layout, line -> { }).run(10, 10, 1));
        assertTrue(e.getMessage().contains("node2 already has a ledger"), e.getMessage());
        assertTrue(Files.notExists(layout.node(0).ledgerDir()), "nothing was written");
    }
}
