package org.wishledger.node;

import java.nio.file.Path;
import org.wishledger.node.logging.LogFormat;

/**
 * Starts a node from its home folder (config/node.json, config/genesis.json, config/node_key.json,
 * data/, logs/) and blocks until it is shut down (SIGTERM/SIGINT run a clean close through the
 * shutdown hook). A fatal error stops the node and exits non-zero.
 */
public final class NodeLauncher {
    private NodeLauncher() {
    }

    /**
     * @param logFormat the {@code --log-format} given on the command line, or null for node.json's
     *                  {@code log_format} (default text)
     */
    public static void run(Path home, LogFormat logFormat) throws Exception {
        HomeConfig config = HomeConfig.load(new NodeHome(home));
        (logFormat != null ? logFormat : configuredFormat(config)).apply();
        Node node = Node.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shutdown"));
        Throwable fatal = node.awaitStop();
        if (fatal != null) {
            // Fail-stop: a node that cannot run consensus must not stay up as if it could vote. The
            // message names the file and what to do (the log has the stack trace).
            System.err.println("error: the node stopped: " + fatal.getMessage()
                    + StorageFailureAdvice.of(fatal, new NodeHome(home).dataDir()));
            System.err.flush();
            System.exit(2);
        }
    }

    private static LogFormat configuredFormat(HomeConfig config) throws java.io.IOException {
        String name = config.config().getLogFormat();
        if (name.isEmpty()) {
            return LogFormat.TEXT;
        }
        try {
            return LogFormat.parse(name);
        } catch (IllegalArgumentException e) {
            throw new java.io.IOException(config.home().nodeConfigFile() + ": log_format: " + e.getMessage(), e);
        }
    }
}
