package org.wishledger.testnet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.rules.GenesisLoader;
import org.wishledger.node.NodeHome;
import org.wishledger.testnet.proto.VerifyReport;
import org.wishledger.testnet.verify.ChainVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "chain", description = "Audit a node's chain.", mixinStandardHelpOptions = true)
final class ChainCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "verify", description = "Re-execute every block from genesis into a fresh store, checking each "
            + "commit and app hash; prints OK or the first mismatch. Works on a running node's store: it audits one "
            + "consistent snapshot, up to the tip the store had when the audit started.", mixinStandardHelpOptions = true)
    int verify(@Option(names = "--home", required = true, paramLabel = "H", description = "node home") Path home,
               @Option(names = "--json", description = "print JSON") boolean json) throws Exception {
        NodeHome node = new NodeHome(home.toAbsolutePath());
        if (!Files.isRegularFile(node.genesisFile())) {
            throw new CliException(home + " is not a node home (no config/genesis.json)");
        }
        if (!Files.isDirectory(node.ledgerDir())) {
            throw new CliException("no ledger store at " + node.ledgerDir() + " (has the node ever run?)");
        }
        Genesis genesis = GenesisLoader.load(node.genesisFile());
        Path scratch = Files.createTempDirectory("wishledger-verify-");
        VerifyReport report;
        try (LedgerStore source = LedgerStore.open(node.ledgerDir())) {
            Output.progress(spec, "re-executing " + source.height() + " blocks of " + node.name() + " from genesis");
            report = ChainVerifier.verify(source, genesis, scratch,
                    h -> Output.progress(spec, "  verified up to height " + h));
        }
        Output.result(spec, json, report, () -> report.getOk()
                ? String.format("OK: %d blocks, %d txs re-executed (%d anonymous spends, every proof verified again); "
                        + "app hash %s at height %d (%.1f s)", report.getBlocks(), report.getTxs(), report.getAnonSpends(),
                        report.getAppHash(), report.getHeight(), report.getSeconds())
                : "MISMATCH at height " + report.getMismatchHeight() + ": " + report.getMismatch());
        return report.getOk() ? 0 : 4;
    }
}
