package org.wishledger.testnet.cli;

import java.io.IOException;
import org.wishledger.testnet.client.RpcClient;
import org.wishledger.testnet.proto.ItemScore;
import org.wishledger.testnet.proto.ScoreItem;
import org.wishledger.testnet.proto.ScoreRequest;
import org.wishledger.testnet.proto.ScoreResponse;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A client of POST /score: one (prompt, response) pair scored against the committed wishes. */
@Command(name = "score", description = "Score a response to a prompt against the committed wishes (POST /score).",
        mixinStandardHelpOptions = true)
final class ScoreCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rpc", required = true, paramLabel = "URL")
    String rpc;

    @Option(names = "--prompt", required = true)
    String prompt;

    @Option(names = "--response", required = true)
    String response;

    @Option(names = "--mode", description = "gated (default), sampled or mean")
    String mode;

    @Option(names = "--k", description = "gated: top-k wishes by scenario similarity")
    Integer k;

    @Option(names = "--threshold", description = "gated: minimum scenario similarity")
    Double threshold;

    @Option(names = "--samples", description = "sampled: number of draws")
    Integer samples;

    @Option(names = "--seed", description = "sampled: RNG seed")
    Long seed;

    @Option(names = "--weighting", description = "linear (default) or sqrt")
    String weighting;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        ScoreRequest.Builder request = ScoreRequest.newBuilder()
                .addItems(ScoreItem.newBuilder().setPrompt(prompt).setResponse(response));
        if (mode != null) {
            request.setMode(mode);
        }
        if (k != null) {
            request.setK(k);
        }
        if (threshold != null) {
            request.setThreshold(threshold);
        }
        if (samples != null) {
            request.setSamples(samples);
        }
        if (seed != null) {
            request.setSeed(seed);
        }
        if (weighting != null) {
            request.setWeighting(weighting);
        }
        ScoreResponse answer = new RpcClient(rpc).post("/score", request.build(), ScoreResponse.newBuilder());
        Output.result(spec, json, answer, () -> {
            ItemScore s = answer.getResults(0);
            return String.format("reward %.4f  (%d wishes, weight %.0f, coverage %.3f; stance p10 %.3f p50 %.3f p90 %.3f)"
                            + "%nmode %s, model %s, ledger height %d", s.getReward(), s.getCount(), s.getWeight(),
                    s.getCoverage(), s.getP10(), s.getP50(), s.getP90(), answer.getMode(), answer.getModel(),
                    answer.getHeight());
        });
        return 0;
    }
}
