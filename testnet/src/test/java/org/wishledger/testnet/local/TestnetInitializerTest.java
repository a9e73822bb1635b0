package org.wishledger.testnet.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.node.proto.NodeConfig;
import org.wishledger.node.proto.PeerAddress;
import org.wishledger.node.NodeHome;

class TestnetInitializerTest {

    @Test
    void writesAConsistentFourNodeTestnet(@TempDir Path dir) throws IOException {
        TestnetLayout layout = new TestnetLayout(dir);
        Genesis genesis = TestnetInitializer.init(layout, TestnetSpec.defaults(4, 5));

        assertEquals(4, layout.nodes().size());
        assertEquals(5, layout.accountKeys().size());
        assertTrue(genesis.getChainId().startsWith("wishledger-local-"));
        assertEquals(5, genesis.getAccountsCount());
        assertTrue(genesis.getParams().getMinFee() > 0 && genesis.getParams().getFeePerByte() > 0);

        Set<String> listens = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            NodeHome home = layout.node(i);
            assertTrue(home.isInitialized());
            assertTrue(Files.isDirectory(home.dataDir()) && Files.isDirectory(home.logsDir()));
            assertEquals(genesis, home.readGenesis(), "every node has the same genesis");
            KeyPair nodeKey = KeyFiles.load(home.nodeKeyFile());
            assertArrayEquals(nodeKey.publicKey().encoded(), genesis.getValidators(i).getPubKey().toByteArray(),
                    "node key is the validator key");
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(home.nodeKeyFile()));
            NodeConfig config = home.readConfig();
            assertEquals("node" + i, config.getMoniker());
            assertEquals(i != 0, config.getScoringDisabled(), "by default only node0 runs the scoring index");
            for (String listen : List.of(config.getP2PListen(), config.getRpcListen(), config.getClientListen())) {
                assertTrue(listen.startsWith("127.0.0.1:"), listen);
                assertTrue(listens.add(listen), "port used twice: " + listen);
            }
            assertEquals(3, config.getPersistentPeersCount());
            for (PeerAddress peer : config.getPersistentPeersList()) {
                int j = peerIndex(layout, peer);
                assertNotEquals(i, j, "a node does not dial itself");
                assertEquals(layout.node(j).readConfig().getP2PListen(), peer.getAddress());
            }
        }
        for (int j = 0; j < 5; j++) {
            KeyPair account = KeyFiles.load(layout.accountKey(j));
            assertEquals(account.publicKey().addressHex(), genesis.getAccounts(j).getAddress());
            assertTrue(genesis.getAccounts(j).getBalance() > 0);
        }
    }

    @Test
    void refusesToOverwriteAnExistingTestnet(@TempDir Path dir) throws IOException {
        TestnetLayout layout = new TestnetLayout(dir);
        TestnetInitializer.init(layout, TestnetSpec.defaults(1, 1));
        byte[] key = Files.readAllBytes(layout.node(0).nodeKeyFile());
        IOException e = assertThrows(IOException.class, () -> TestnetInitializer.init(layout, TestnetSpec.defaults(1, 1)));
        assertTrue(e.getMessage().contains("already holds a testnet"), e.getMessage());
        assertArrayEquals(key, Files.readAllBytes(layout.node(0).nodeKeyFile()));
    }

    @Test
    void aSeedMakesKeysReproducible(@TempDir Path a, @TempDir Path b) throws IOException {
        Genesis ga = TestnetInitializer.init(new TestnetLayout(a), TestnetSpec.defaults(2, 2).withKeySeed(7));
        Genesis gb = TestnetInitializer.init(new TestnetLayout(b), TestnetSpec.defaults(2, 2).withKeySeed(7));
        assertEquals(ga.getChainId(), gb.getChainId());
        assertEquals(ga.getValidatorsList(), gb.getValidatorsList());
        assertEquals(ga.getAccountsList(), gb.getAccountsList());
        assertNotEquals(ga.getValidators(0).getPubKey(), ga.getValidators(1).getPubKey());
    }

    private static int peerIndex(TestnetLayout layout, PeerAddress peer) throws IOException {
        for (NodeHome home : layout.nodes()) {
            if (Hex.encode(KeyFiles.load(home.nodeKeyFile()).publicKey().encoded()).equals(peer.getNodeKey())) {
                return Integer.parseInt(home.name().substring(4));
            }
        }
        throw new AssertionError("peer key " + peer.getNodeKey() + " is no node's key");
    }
}
