package org.wishledger.testnet.cli;

import java.io.IOException;
import org.wishledger.scoring.eval.Aggregate;
import org.wishledger.testnet.scoringcli.ExperimentReports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wishledger aggregate}: the seed's toy model — which directions of the wishes add up and which cancel. */
@Command(name = "aggregate", mixinStandardHelpOptions = true, description = "Project every committed wish's desired "
        + "vector on a 'benefits humanity' and a 'benefits the self' axis and compare, overall and per tag, the weighted "
        + "sum with the weighted sum of magnitudes. Embeds locally with all-MiniLM-L6-v2.")
final class AggregateCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    LedgerExperiment experiment;

    @Override
    public Integer call() throws IOException {
        experiment.run(spec, ledger -> {
            Aggregate.Report report = Aggregate.run(ledger.embedder(), ledger.index().index(), ledger.weighting());
            long height = ledger.fetched().latestHeight();
            experiment.print(spec, ExperimentReports.aggregate(report, height), ExperimentReports.aggregateText(report, height));
            return report;
        });
        return 0;
    }
}
