package org.wishledger.testnet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.wishledger.node.NodeLauncher;
import org.wishledger.node.logging.LogFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "node", description = "Run a node.", mixinStandardHelpOptions = true)
final class NodeCommand {

    @Command(name = "start", description = "Start the node whose home is H and run until SIGTERM/Ctrl-C.",
            mixinStandardHelpOptions = true)
    int start(@Option(names = "--home", required = true, paramLabel = "H",
            description = "node home: config/{node.json,genesis.json,node_key.json}, data/, logs/") Path home,
            @Option(names = "--log-format", paramLabel = "F", description = "text or json, one line per event "
                    + "(default: node.json's log_format, else text)") String logFormat)
            throws Exception {
        LogFormat format = logFormat(logFormat);
        if (!Files.isRegularFile(home.resolve("config").resolve("node.json"))) {
            throw new CliException(home + " is not a node home (no config/node.json); create one with "
                    + "`wishledger testnet init --dir D`");
        }
        NodeLauncher.run(home.toAbsolutePath(), format);
        return 0;
    }

    /** {@code --log-format F} as given (null when absent); a bad name is a usage error. */
    static LogFormat logFormat(String name) {
        if (name == null) {
            return null;
        }
        try {
            return LogFormat.parse(name);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }
}
