package org.wishledger.testnet.cli;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.wishledger.scoring.embed.MiniLmEmbedder;
import org.wishledger.scoring.eval.Fidelity;
import org.wishledger.scoring.index.Weighting;
import org.wishledger.testnet.client.RpcClient;
import org.wishledger.testnet.scoringcli.ExperimentReports;
import org.wishledger.testnet.scoringcli.LedgerWishes;
import org.wishledger.testnet.scoringcli.LocalWishIndex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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

    @Option(names = "--rpc", required = true, paramLabel = "URL")
    String rpc;

    @Option(names = "--threshold", defaultValue = "" + Fidelity.DEFAULT_THRESHOLD,
            description = "a wish is covered when a paragraph has at least this cosine (default: ${DEFAULT-VALUE})")
    float threshold;

    @Option(names = "--limit", defaultValue = "" + Fidelity.DEFAULT_LIMIT, description = "least-covered wishes to list")
    int limit;

    @Option(names = "--weighting", defaultValue = "linear", description = "linear (default) or sqrt")
    String weighting;

    @Option(names = "--cache", paramLabel = "DIR", description = "keep the wish embeddings here between runs")
    Path cache;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Weighting w = weighting(weighting);
        if (!(threshold >= -1 && threshold <= 1) || limit < 0) {
            throw new CliException("--threshold must be in [-1, 1] and --limit >= 0", 2);
        }
        if (!Files.isReadable(constitution)) {
            throw new CliException("cannot read " + constitution, 2);
        }
        String text = Files.readString(constitution);
        LedgerWishes.Fetched fetched = LedgerWishes.fetchAll(new RpcClient(rpc, Duration.ofSeconds(60)),
                line -> Output.progress(spec, line));
        if (fetched.wishes().isEmpty()) {
            throw new CliException("the ledger has no wishes yet", 1);
        }
        MiniLmEmbedder embedder = new MiniLmEmbedder();
        Fidelity.Report report;
        try (LocalWishIndex index = LocalWishIndex.build(fetched.wishes(), embedder, cache,
                line -> Output.progress(spec, line))) {
            try {
                report = Fidelity.run(embedder, index.index(), text, threshold, limit, w);
            } catch (IllegalArgumentException e) {
                throw new CliException(constitution + ": " + e.getMessage(), 2);
            }
        }
        var byId = ExperimentReports.byId(fetched.wishes());
        var out = spec.commandLine().getOut();
        long height = fetched.latestHeight();
        out.println(json ? new GsonBuilder().setPrettyPrinting().create().toJson(ExperimentReports.fidelity(report,
                byId, height)) : ExperimentReports.fidelityText(report, byId, height));
        out.flush();
        return 0;
    }

    static Weighting weighting(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "linear" -> Weighting.LINEAR;
            case "sqrt" -> Weighting.SQRT;
            default -> throw new CliException("--weighting must be linear or sqrt, got '" + text + "'", 2);
        };
    }
}
