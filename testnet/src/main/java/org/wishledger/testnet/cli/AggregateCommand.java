package org.wishledger.testnet.cli;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.wishledger.scoring.embed.MiniLmEmbedder;
import org.wishledger.scoring.eval.Aggregate;
import org.wishledger.scoring.index.Weighting;
import org.wishledger.testnet.client.RpcClient;
import org.wishledger.testnet.scoringcli.ExperimentReports;
import org.wishledger.testnet.scoringcli.LedgerWishes;
import org.wishledger.testnet.scoringcli.LocalWishIndex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wishledger aggregate}: the seed's toy model — which directions of the wishes add up and which cancel. */
@Command(name = "aggregate", mixinStandardHelpOptions = true, description = "Project every committed wish's desired "
        + "vector on a 'benefits humanity' and a 'benefits the self' axis and compare, overall and per tag, the weighted "
        + "sum with the weighted sum of magnitudes. Embeds locally with all-MiniLM-L6-v2.")
final class AggregateCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rpc", required = true, paramLabel = "URL")
    String rpc;

    @Option(names = "--weighting", defaultValue = "linear", description = "linear (default) or sqrt")
    String weighting;

    @Option(names = "--cache", paramLabel = "DIR", description = "keep the wish embeddings here between runs")
    Path cache;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Weighting w = FidelityCommand.weighting(weighting);
        LedgerWishes.Fetched fetched = LedgerWishes.fetchAll(new RpcClient(rpc, Duration.ofSeconds(60)),
                line -> Output.progress(spec, line));
        if (fetched.wishes().isEmpty()) {
            throw new CliException("the ledger has no wishes yet", 1);
        }
        MiniLmEmbedder embedder = new MiniLmEmbedder();
        Aggregate.Report report;
        try (LocalWishIndex index = LocalWishIndex.build(fetched.wishes(), embedder, cache,
                line -> Output.progress(spec, line))) {
            report = Aggregate.run(embedder, index.index(), w);
        }
        var out = spec.commandLine().getOut();
        long height = fetched.latestHeight();
        out.println(json ? new GsonBuilder().setPrettyPrinting().create().toJson(ExperimentReports.aggregate(report,
                height)) : ExperimentReports.aggregateText(report, height));
        out.flush();
        return 0;
    }
}
