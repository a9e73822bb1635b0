package org.wishledger.testnet.local;

import org.wishledger.node.LocalChains;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.GenesisAccount;
import org.wishledger.ledger.proto.GenesisValidator;
import org.wishledger.node.proto.NodeConfig;
import org.wishledger.node.proto.PeerAddress;
import org.wishledger.node.NodeHome;
import org.wishledger.node.WarmupCorpus;

/**
 * {@code testnet init}: one genesis, N node homes that all list each other as persistent peers with the
 * node key the dialer must see, and M funded account keys. Refuses a folder that already holds a
 * testnet, so a chain's keys are never overwritten.
 */
public final class TestnetInitializer {
    private TestnetInitializer() {
    }

    public static Genesis init(TestnetLayout layout, TestnetSpec spec) throws IOException {
        if (Files.exists(layout.node(0).path()) || Files.exists(layout.accountsDir())) {
            throw new IOException(layout.dir() + " already holds a testnet; choose an empty --dir "
                    + "(or `testnet up --dir` to start the existing one)");
        }
        KeySource keys = new KeySource(spec.keySeed());
        int n = spec.nodes(); // validators first, then full nodes
        List<KeyPair> nodeKeys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            nodeKeys.add(keys.next("node", i));
        }
        int[] ports = new int[3 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(FreePorts.allocate(spec.hostOf(i), 3), 0, ports, 3 * i, 3);
        }
        String chainId = spec.chainId() != null ? spec.chainId()
                : LocalChains.PREFIX + Hex.encode(keys.next("chain", 0).address()).substring(0, 8);

        Genesis.Builder genesis = Genesis.newBuilder()
                .setChainId(chainId)
                .setGenesisTimeMs(System.currentTimeMillis())
                .setParams(spec.params());
        for (int i = 0; i < spec.validators(); i++) {
            genesis.addValidators(GenesisValidator.newBuilder()
                    .setName("node" + i)
                    .setPubKey(ByteString.copyFrom(nodeKeys.get(i).publicKey().encoded()))
                    .setPower(spec.validatorPower()));
        }
        Files.createDirectories(layout.accountsDir());
        for (int j = 0; j < spec.accounts(); j++) {
            KeyPair account = keys.next("account", j);
            KeyFiles.save(account, layout.accountKey(j));
            genesis.addAccounts(GenesisAccount.newBuilder()
                    .setAddress(account.publicKey().addressHex())
                    .setBalance(spec.accountBalance()));
        }
        Genesis built = genesis.build();
        boolean faucets = FaucetAccounts.available(chainId, n, spec.accounts());

        for (int i = 0; i < n; i++) {
            NodeHome home = layout.node(i);
            NodeConfig.Builder config = NodeConfig.newBuilder()
                    .setMoniker(home.name())
                    .setP2PListen(spec.hostOf(i) + ":" + ports[3 * i])
                    .setRpcListen(spec.hostOf(i) + ":" + ports[3 * i + 1])
                    .setClientListen(spec.hostOf(i) + ":" + ports[3 * i + 2])
                    .setTimeouts(spec.timeouts())
                    .setMempool(spec.mempool())
                    .setCreateEmptyBlocks(spec.createEmptyBlocks())
                    .setEmptyBlockIntervalMs(spec.emptyBlockIntervalMs())
                    .setScoringDisabled(i >= spec.scoringNodes() && i < spec.validators())
                    .setFullMeshTxGossip(true); // every node lists every other as a persistent peer
            for (int peer = 0; peer < n; peer++) {
                if (peer != i) {
                    config.addPersistentPeers(PeerAddress.newBuilder()
                            .setNodeKey(Hex.encode(nodeKeys.get(peer).publicKey().encoded()))
                            .setAddress(spec.hostOf(peer) + ":" + ports[3 * peer]));
                }
            }
            Files.createDirectories(home.dataDir());
            Files.createDirectories(home.logsDir());
            KeyFiles.save(nodeKeys.get(i), home.nodeKeyFile());
            if (faucets) {
                Path faucetKey = home.configDir().resolve(FaucetAccounts.KEY_FILE);
                Files.copy(layout.accountKey(FaucetAccounts.accountOf(i, spec.accounts())), faucetKey);
                config.setFaucetKeyFile(home.path().relativize(faucetKey).toString());
            }
            NodeHome.writeJson(home.genesisFile(), built);
            NodeHome.writeJson(home.nodeConfigFile(), config);
        }
        // Signed once here rather than by each node at its first start (docs/node.md, "Warm-up").
        WarmupCorpus.prepare(layout.node(0).dataDir());
        for (int i = 1; i < n; i++) {
            Files.copy(WarmupCorpus.file(layout.node(0).dataDir()), WarmupCorpus.file(layout.node(i).dataDir()));
        }
        return built;
    }

    /** Random keys, or keys derived as SHA-256(seed, label, index) when a seed is given. */
    private static final class KeySource {
        private final Long seed;
        private final SecureRandom random = new SecureRandom();

        KeySource(Long seed) {
            this.seed = seed;
        }

        KeyPair next(String label, int index) {
            if (seed == null) {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                return KeyPair.fromSeed(bytes);
            }
            byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
            byte[] material = ByteBuffer.allocate(12 + labelBytes.length)
                    .putLong(seed).putInt(index).put(labelBytes).array();
            return KeyPair.fromSeed(Sha256.hash(material));
        }
    }
}
