package org.wishledger.testnet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.wishledger.scoring.data.WishFormatException;
import org.wishledger.client.proto.ItemScore;
import org.wishledger.client.proto.ScoreItem;
import org.wishledger.client.proto.ScoreRequest;
import org.wishledger.client.proto.ScoreResponse;
import org.wishledger.testnet.scoringcli.Progress;
import org.wishledger.testnet.scoringcli.ScoreClient;
import org.wishledger.testnet.scoringcli.ScoreItems;
import org.wishledger.testnet.scoringcli.ScoreRequests;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A client of POST /score: one (prompt, response) pair, or a JSONL file of them, scored against the committed wishes. */
@Command(name = "score", description = "Score responses to prompts against the committed wishes (POST /score).",
        mixinStandardHelpOptions = true)
final class ScoreCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rpc", required = true, paramLabel = "URL")
    String rpc;

    /** Either one pair on the command line or a file of pairs. */
    static final class Input {
        @ArgGroup(exclusive = false, multiplicity = "1")
        One one;

        @Option(names = "--file", required = true, paramLabel = "FILE",
                description = "JSONL: one {\"prompt\": ..., \"response\": ...} per line (gzip if .gz)")
        Path file;
    }

    static final class One {
        @Option(names = "--prompt", required = true)
        String prompt;

        @Option(names = "--response", required = true)
        String response;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Mixin
    ScoreOptions params;

    @Option(names = "--json", description = "print JSON (the ScoreResponse; a file gives one response with every result)")
    boolean json;

    @Override
    public Integer call() throws IOException {
        ScoreRequest template = params.template();
        List<ScoreItem> items = input.file != null ? readItems(input.file)
                : List.of(ScoreRequests.item(input.one.prompt, input.one.response));
        ScoreClient client = params.client(rpc);
        params.awaitHeight(client, line -> Output.progress(spec, line));
        ScoreClient.Scored scored = client.score(template, items, new Progress("scored", items.size(), line -> {
                    if (items.size() > params.batch) {
                        Output.progress(spec, line);
                    }
                }, 1000));
        ScoreResponse answer = scored.merged();
        Output.result(spec, json, answer, () -> input.file == null ? describeOne(answer) : describeMany(answer,
                scored.heights()));
        return 0;
    }

    static String describeOne(ScoreResponse answer) {
        ItemScore s = answer.getResults(0);
        return String.format("reward %.4f  (%d wishes, weight %.0f, coverage %.3f; stance p10 %.3f p50 %.3f p90 %.3f)"
                        + "%nmode %s, model %s, ledger height %d", s.getReward(), s.getCount(), s.getWeight(),
                s.getCoverage(), s.getP10(), s.getP50(), s.getP90(), answer.getMode(), answer.getModel(),
                answer.getHeight());
    }

    static String describeMany(ScoreResponse answer, long[] heights) {
        StringBuilder b = new StringBuilder(String.format("%6s %9s %6s %8s%n", "line", "reward", "count", "coverage"));
        for (int i = 0; i < answer.getResultsCount(); i++) {
            ItemScore s = answer.getResults(i);
            b.append(String.format("%6d %9.4f %6d %8.3f%n", i + 1, s.getReward(), s.getCount(), s.getCoverage()));
        }
        b.append(String.format("mode %s, model %s, ledger height %s", answer.getMode(), answer.getModel(),
                heights[0] == heights[1] ? "" + heights[0] : heights[0] + ".." + heights[1]));
        return b.toString();
    }

    private static List<ScoreItem> readItems(Path file) {
        if (!Files.isReadable(file)) {
            throw new CliException("cannot read " + file, 2);
        }
        try {
            List<ScoreItem> items = ScoreItems.readJsonl(file);
            if (items.isEmpty()) {
                throw new CliException(file + " has no items", 2);
            }
            return items;
        } catch (WishFormatException e) {
            throw new CliException(file + ": " + e.reason() + ": " + e.getMessage(), 2);
        } catch (UncheckedIOException e) {
            throw new CliException(e.getMessage() + ": " + e.getCause().getMessage(), 2);
        }
    }
}
