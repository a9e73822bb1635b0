package org.wishledger.testnet.node;

import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.rules.GenesisLoader;
import org.wishledger.testnet.proto.NodeConfig;

/**
 * A node's home folder: {@code config/node.json}, {@code config/genesis.json},
 * {@code config/node_key.json} (the node key, which is also its validator key), {@code data/} (LMDB
 * ledger, consensus WAL, sign state) and {@code logs/}.
 */
public record NodeHome(Path root, NodeConfig config, Genesis genesis, KeyPair nodeKey) {

    public static NodeHome load(Path root) throws IOException {
        Path config = root.resolve("config");
        Path nodeJson = config.resolve("node.json");
        if (!Files.isRegularFile(nodeJson)) {
            throw new IOException("no " + nodeJson + ": run `wishledger testnet init` to create node homes");
        }
        NodeConfig.Builder nodeConfig = NodeConfig.newBuilder();
        JsonFormat.parser().merge(Files.readString(nodeJson, StandardCharsets.UTF_8), nodeConfig);
        Genesis genesis = GenesisLoader.load(config.resolve("genesis.json"));
        KeyPair key = KeyFiles.load(config.resolve("node_key.json"));
        return new NodeHome(root, nodeConfig.build(), genesis, key);
    }

    public Path dataDir() {
        return root.resolve("data");
    }

    public Path ledgerDir() {
        return dataDir().resolve("ledger");
    }

    public Path walDir() {
        return dataDir().resolve("cs.wal");
    }

    public Path signStateFile() {
        return dataDir().resolve("sign-state");
    }
}
