package org.wishledger.testnet.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.scoring.data.HhRlhf;
import org.wishledger.scoring.data.WishFormatException;
import org.wishledger.scoring.eval.PreferenceEval;
import org.wishledger.scoring.eval.PreferenceStats;
import org.wishledger.testnet.scoringcli.ExperimentReports;
import org.wishledger.testnet.scoringcli.ImportSources;
import org.wishledger.testnet.scoringcli.Progress;
import org.wishledger.testnet.scoringcli.RemotePairScorer;
import org.wishledger.testnet.scoringcli.ScoreClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wishledger eval preference}: preference accuracy of the node's reward on held-out HH-RLHF pairs. */
@Command(name = "eval", description = "Evaluate the reward against human preferences.", mixinStandardHelpOptions = true)
final class EvalCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "preference", mixinStandardHelpOptions = true, description = "For each HH-RLHF pair (by default the "
            + "last 20% of the file, whose first 80% is meant to be the ledger's wishes), score the chosen and the "
            + "rejected last turn with prompt = the dialogue before it, and report accuracy (chosen > rejected) per mode.")
    int preference(@Parameters(paramLabel = "FILE", description = "HH-RLHF JSONL, gzip if .gz") Path file,
                   @Option(names = "--rpc", required = true, paramLabel = "URL") String rpc,
                   @Option(names = "--from-fraction", defaultValue = "0.8",
                           description = "evaluate pairs from this fraction of the file on (default: ${DEFAULT-VALUE})")
                   double from,
                   @Option(names = "--limit", defaultValue = "0", description = "at most N pairs (0 = all)") int limit,
                   @Option(names = "--modes", split = ",", defaultValue = "gated,sampled,mean",
                           description = "modes to evaluate (default: ${DEFAULT-VALUE})") List<String> modes,
                   @Mixin ScoreOptions params,
                   @Option(names = "--baseline-judge", paramLabel = "J", description = "also score every mode with "
                           + "judge J and report an exact McNemar test of the two on the same pairs")
                   String baselineJudge,
                   @Option(names = "--baseline-weighting", paramLabel = "W", description = "the baseline's "
                           + "weighting (default: the same as --weighting); either option turns the comparison on")
                   String baselineWeighting,
                   @Option(names = "--json", description = "print JSON") boolean json) throws java.io.IOException {
        if (params.mode != null) {
            throw new CliException("eval runs every mode of --modes; --mode is not used here", 2);
        }
        modes.forEach(params::template); // a bad mode or parameter fails before the first request
        boolean compare = baselineJudge != null || baselineWeighting != null;
        String bJudge = baselineJudge != null ? baselineJudge : params.judge;
        String bWeighting = baselineWeighting != null ? baselineWeighting : params.weighting;
        if (compare) {
            modes.forEach(m -> params.template(m, bJudge, bWeighting));
        }
        if (!Files.isReadable(file)) {
            throw new CliException("cannot read " + file, 2);
        }
        List<HhRlhf.Pair> pairs;
        try {
            pairs = ImportSources.hhRlhfPairs(file, new ImportSources.Selection(from, 1, limit));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        } catch (WishFormatException e) {
            throw new CliException(file + ": " + e.reason() + ": " + e.getMessage(), 2);
        } catch (UncheckedIOException e) {
            throw new CliException(e.getMessage() + ": " + e.getCause().getMessage(), 2);
        }
        if (pairs.isEmpty()) {
            throw new CliException("no pairs selected from " + file, 2);
        }
        ScoreClient client = params.client(rpc);
        params.awaitHeight(client, line -> Output.progress(spec, line));
        List<PreferenceEval.Accuracy> results = new ArrayList<>();
        List<boolean[]> outcomes = new ArrayList<>();
        List<boolean[]> baseline = new ArrayList<>();
        long[] heights = {Long.MAX_VALUE, 0};
        String model = "";
        String judge = "";
        String baselineLabel = "";
        for (String mode : modes) {
            var template = params.template(mode);
            RemotePairScorer scorer = new RemotePairScorer(client, template, new Progress(mode + ": scored",
                    2L * pairs.size(), line -> Output.progress(spec, line), 2000));
            double[] chosen = new double[pairs.size()];
            double[] rejected = new double[pairs.size()];
            try {
                scorer.score(pairs, chosen, rejected);
                results.add(PreferenceEval.accuracy(template.getMode(), chosen, rejected));
                outcomes.add(PreferenceEval.outcomes(chosen, rejected));
                if (compare) {
                    RemotePairScorer b = new RemotePairScorer(client, params.template(mode, bJudge, bWeighting),
                            new Progress(mode + " (baseline): scored", 2L * pairs.size(),
                                    line -> Output.progress(spec, line), 2000));
                    b.score(pairs, chosen, rejected);
                    baseline.add(PreferenceEval.outcomes(chosen, rejected));
                    baselineLabel = b.judge() + " " + (bWeighting == null ? "(default weighting)" : bWeighting);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause(); // the RPC's own message (status, code), not a wrapper's
            }
            heights[0] = Math.min(heights[0], scorer.heights()[0]);
            heights[1] = Math.max(heights[1], scorer.heights()[1]);
            model = scorer.model();
            judge = scorer.judge();
        }
        var out = spec.commandLine().getOut();
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("file", file.toString());
            o.addProperty("from_fraction", from);
            o.addProperty("pairs", pairs.size());
            o.addProperty("model", model);
            o.addProperty("judge", judge);
            if (compare) {
                o.addProperty("baseline", baselineLabel);
            }
            o.addProperty("min_height", heights[0]);
            o.addProperty("max_height", heights[1]);
            JsonArray a = new JsonArray();
            for (int i = 0; i < results.size(); i++) {
                JsonObject m = ExperimentReports.accuracy(results.get(i));
                PreferenceStats.Interval ci = PreferenceStats.wilson(outcomes.get(i));
                m.addProperty("ci95_low", ci.low());
                m.addProperty("ci95_high", ci.high());
                if (compare) {
                    PreferenceStats.Interval bci = PreferenceStats.wilson(baseline.get(i));
                    PreferenceStats.Paired t = PreferenceStats.mcnemar(outcomes.get(i), baseline.get(i));
                    m.addProperty("baseline_accuracy", bci.accuracy());
                    m.addProperty("only_this_correct", t.onlyA());
                    m.addProperty("only_baseline_correct", t.onlyB());
                    m.addProperty("mcnemar_p", t.pValue());
                }
                a.add(m);
            }
            o.add("modes", a);
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(o));
        } else {
            out.printf("%d pairs from %s (from fraction %.2f); judge %s, ledger height %s%n", pairs.size(), file, from,
                    judge.isEmpty() ? model : judge, heights[0] == heights[1] ? "" + heights[0]
                            : heights[0] + ".." + heights[1]);
            for (int i = 0; i < results.size(); i++) {
                out.printf("%-8s %s%n", results.get(i).label(), PreferenceStats.wilson(outcomes.get(i)));
                if (compare) {
                    out.printf("         baseline %s: %s; %s%n", baselineLabel,
                            PreferenceStats.wilson(baseline.get(i)),
                            PreferenceStats.mcnemar(outcomes.get(i), baseline.get(i)));
                }
            }
        }
        out.flush();
        return 0;
    }
}
