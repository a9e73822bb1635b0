package org.wishledger.testnet.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "chain", description = "Audit a node's chain.", mixinStandardHelpOptions = true)
final class ChainCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "verify", description = "Re-execute every block from genesis into a fresh store, checking each "
            + "commit and app hash; prints OK or the first mismatch.", mixinStandardHelpOptions = true)
    int verify(@Option(names = "--home", required = true, paramLabel = "H") Path home,
               @Option(names = "--json", description = "print JSON") boolean json) {
        throw new CliException("chain verify needs the rules module (vm-free-rules), which is not merged yet");
    }
}
