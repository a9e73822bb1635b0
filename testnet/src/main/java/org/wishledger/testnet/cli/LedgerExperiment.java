package org.wishledger.testnet.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import org.wishledger.scoring.embed.MiniLmEmbedder;
import org.wishledger.scoring.index.Weighting;
import org.wishledger.client.RpcClient;
import org.wishledger.testnet.scoringcli.LedgerWishes;
import org.wishledger.testnet.scoringcli.LocalWishIndex;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What the seed's experiments share (fidelity, aggregate): the options, fetching every committed wish
 * over RPC, embedding them locally with the node's model (optionally cached), and printing the report
 * as text or JSON. Each command only says what it computes over the index.
 */
final class LedgerExperiment {
    @Option(names = "--rpc", required = true, paramLabel = "URL")
    String rpc;

    @Option(names = "--weighting", defaultValue = "linear", description = "linear (default) or sqrt")
    String weighting;

    @Option(names = "--cache", paramLabel = "DIR", description = "keep the wish embeddings here between runs")
    Path cache;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    /** An experiment over the local index of the ledger's wishes; returns its report. */
    interface Run<R> {
        R over(Ledger ledger) throws IOException;
    }

    /** The fetched wishes, their local index and the embedder, for one experiment. */
    record Ledger(LedgerWishes.Fetched fetched, LocalWishIndex index, MiniLmEmbedder embedder, Weighting weighting) {
    }

    <R> R run(CommandLine.Model.CommandSpec spec, Run<R> experiment) throws IOException {
        Weighting w = weighting(weighting);
        Consumer<String> progress = line -> Output.progress(spec, line);
        LedgerWishes.Fetched fetched = LedgerWishes.fetchAll(new RpcClient(rpc, Duration.ofSeconds(60)), progress);
        if (fetched.wishes().isEmpty()) {
            throw new CliException("the ledger has no wishes yet", 1);
        }
        MiniLmEmbedder embedder = new MiniLmEmbedder();
        try (LocalWishIndex index = LocalWishIndex.build(fetched.wishes(), embedder, cache, progress)) {
            return experiment.over(new Ledger(fetched, index, embedder, w));
        }
    }

    void print(CommandLine.Model.CommandSpec spec, JsonElement asJson, String asText) {
        var out = spec.commandLine().getOut();
        out.println(json ? new GsonBuilder().setPrettyPrinting().create().toJson(asJson) : asText);
        out.flush();
    }

    static Weighting weighting(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "linear" -> Weighting.LINEAR;
            case "sqrt" -> Weighting.SQRT;
            default -> throw new CliException("--weighting must be linear or sqrt, got '" + text + "'", 2);
        };
    }
}
