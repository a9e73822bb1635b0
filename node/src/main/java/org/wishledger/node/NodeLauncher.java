package org.wishledger.node;

import java.nio.file.Path;
import org.wishledger.node.NodeHome;

/**
 * Starts a node from its home folder (config/node.json, config/genesis.json, config/node_key.json,
 * data/, logs/) and blocks until it is shut down (SIGTERM/SIGINT run a clean close through the
 * shutdown hook). A fatal error stops the node and exits non-zero.
 */
public final class NodeLauncher {
    private NodeLauncher() {
    }

    public static void run(Path home) throws Exception {
        Node node = Node.start(HomeConfig.load(new NodeHome(home)));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shutdown"));
        Throwable fatal = node.awaitStop();
        if (fatal != null) {
            System.exit(2);
        }
    }
}
