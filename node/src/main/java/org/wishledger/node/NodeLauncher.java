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
            // Fail-stop: a node that cannot run consensus must not stay up as if it could vote. The
            // message names the file and what to do (the log has the stack trace).
            System.err.println("error: the node stopped: " + fatal.getMessage());
            System.err.flush();
            System.exit(2);
        }
    }
}
