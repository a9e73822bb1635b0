package org.wishledger.testnet.node;

import java.nio.file.Path;

/**
 * Starts a node from its home folder (config/node.json, config/genesis.json, config/node_key.json,
 * data/, logs/) and blocks until it is shut down (SIGTERM or {@code POST}-less shutdown hook).
 */
public final class NodeLauncher {
    private NodeLauncher() {
    }

    public static void run(Path home) throws Exception {
        throw new UnsupportedOperationException("the node is being wired; see issue 4");
    }
}
