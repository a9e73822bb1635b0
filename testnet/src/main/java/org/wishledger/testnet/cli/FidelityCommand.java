package org.wishledger.testnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.wishledger.scoring.eval.Fidelity;
import org.wishledger.testnet.scoringcli.ExperimentReports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wishledger fidelity}: how faithfully a written constitution represents the ledger's wishes. */
@Command(name = "fidelity", mixinStandardHelpOptions = true, description = "Compare a constitution with the committed "
        + "wishes: cosine of the weighted mean desired vector with the constitution's mean vector, weight coverage, "
        + "and the heaviest wishes it covers least. Embeds locally with all-MiniLM-L6-v2.")
final class FidelityCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--constitution", required = true, paramLabel = "FILE",
            description = "plain text; paragraphs are separated by blank lines")
    Path constitution;

    @Option(names = "--threshold", defaultValue = "" + Fidelity.DEFAULT_THRESHOLD,
            description = "a wish is covered when a paragraph has at least this cosine (default: ${DEFAULT-VALUE})")
    float threshold;

    @Option(names = "--limit", defaultValue = "" + Fidelity.DEFAULT_LIMIT, description = "least-covered wishes to list")
    int limit;

    @Mixin
    LedgerExperiment experiment;

    @Override
    public Integer call() throws IOException {
        if (!(threshold >= -1 && threshold <= 1) || limit < 0) {
            throw new CliException("--threshold must be in [-1, 1] and --limit >= 0", 2);
        }
        if (!Files.isReadable(constitution)) {
            throw new CliException("cannot read " + constitution, 2);
        }
        String text = Files.readString(constitution);
        experiment.run(spec, ledger -> {
            Fidelity.Report report;
            try {
                report = Fidelity.run(ledger.embedder(), ledger.index().index(), text, threshold, limit, ledger.weighting());
            } catch (IllegalArgumentException e) {
                throw new CliException(constitution + ": " + e.getMessage(), 2);
            }
            var byId = ExperimentReports.byId(ledger.fetched().wishes());
            long height = ledger.fetched().latestHeight();
            experiment.print(spec, ExperimentReports.fidelity(report, byId, height),
                    ExperimentReports.fidelityText(report, byId, height));
            return report;
        });
        return 0;
    }
}
