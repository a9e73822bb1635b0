package org.wishledger.node;

import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.rules.GenesisLoader;
import org.wishledger.node.NodeHome;
import org.wishledger.node.proto.NodeConfig;

/**
 * What a node reads from its home before it starts: node.json, the genesis and the node key (which is
 * also its validator key). The folder layout itself is {@link NodeHome}'s.
 */
public record HomeConfig(NodeHome home, NodeConfig config, Genesis genesis, KeyPair nodeKey) {

    public static HomeConfig load(NodeHome home) throws IOException {
        if (!Files.isRegularFile(home.nodeConfigFile())) {
            throw new IOException("no " + home.nodeConfigFile() + ": run `wishledger testnet init` to create node homes");
        }
        NodeConfig.Builder nodeConfig = NodeConfig.newBuilder();
        JsonFormat.parser().merge(Files.readString(home.nodeConfigFile(), StandardCharsets.UTF_8), nodeConfig);
        Genesis genesis = GenesisLoader.load(home.genesisFile());
        KeyPair key = KeyFiles.load(home.nodeKeyFile());
        return new HomeConfig(home, nodeConfig.build(), genesis, key);
    }

    public java.nio.file.Path ledgerDir() {
        return home.ledgerDir();
    }

    public java.nio.file.Path walDir() {
        return home.dataDir().resolve("cs.wal");
    }

    public java.nio.file.Path signStateFile() {
        return home.dataDir().resolve("sign-state");
    }
}
