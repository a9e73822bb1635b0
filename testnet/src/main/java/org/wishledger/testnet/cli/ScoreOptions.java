package org.wishledger.testnet.cli;

import java.time.Duration;
import org.wishledger.client.RpcClient;
import org.wishledger.client.proto.ScoreRequest;
import org.wishledger.testnet.scoringcli.ScoreClient;
import org.wishledger.testnet.scoringcli.ScoreRequests;
import picocli.CommandLine.Option;

/** The POST /score parameters as options, shared by {@code score} and {@code eval preference}. */
final class ScoreOptions {
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

    @Option(names = "--weighting", description = "log (default), linear or sqrt")
    String weighting;

    @Option(names = "--judge", description = "the node's embedding judge (default) or llm (if the node has one)")
    String judge;

    @Option(names = "--height", paramLabel = "H", description = "score with the wishes and weights as of height H "
            + "(<= the latest): the same request gives the same rewards later and on any scoring node")
    Long height;

    @Option(names = "--half-life", paramLabel = "D", converter = DurationConverter.class,
            description = "gated: a wish's weight halves per D of block-time age (e.g. 30d); default off")
    Duration halfLife;

    @Option(names = "--batch", defaultValue = "" + ScoreClient.DEFAULT_BATCH,
            description = "items per POST /score request, 1.." + ScoreClient.MAX_BATCH + " (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--min-height", paramLabel = "H", description = "first wait (up to --wait-timeout) until the "
            + "node's scorer has indexed height H, e.g. the last height an import reported")
    Long minHeight;

    @Option(names = "--wait-timeout", defaultValue = "5m", description = "for --min-height (default: ${DEFAULT-VALUE})")
    Duration waitTimeout;

    /** Honours --min-height; a no-op without it. */
    void awaitHeight(ScoreClient client, java.util.function.Consumer<String> progress) throws java.io.IOException {
        if (minHeight != null) {
            client.awaitHeight(minHeight, waitTimeout, progress);
        }
    }

    /** A batching client of this node's /score with --batch items per request. */
    ScoreClient client(String rpcUrl) {
        if (batch < 1 || batch > ScoreClient.MAX_BATCH) {
            throw new CliException("--batch must be 1.." + ScoreClient.MAX_BATCH + ", got " + batch, 2);
        }
        return new ScoreClient(new RpcClient(rpcUrl, Duration.ofSeconds(60)), batch);
    }

    ScoreRequest template() {
        return template(mode);
    }

    /** With {@code modeOverride} instead of --mode (eval runs every mode). */
    ScoreRequest template(String modeOverride) {
        return template(modeOverride, judge, weighting);
    }

    /** With another judge and weighting (eval's baseline configuration). */
    ScoreRequest template(String modeOverride, String judgeOverride, String weightingOverride) {
        try {
            ScoreRequest.Builder r = ScoreRequests.template(modeOverride, k, threshold, samples, seed,
                    weightingOverride).toBuilder();
            if (judgeOverride != null) {
                r.setJudge(judgeOverride.trim().toLowerCase(java.util.Locale.ROOT));
            }
            if (height != null) {
                if (height < 0) {
                    throw new IllegalArgumentException("--height must be >= 0, got " + height);
                }
                r.setHeight(height);
            }
            if (halfLife != null) {
                if (halfLife.isNegative() || halfLife.isZero()) {
                    throw new IllegalArgumentException("--half-life must be > 0");
                }
                r.setHalfLifeMs(halfLife.toMillis());
            }
            return r.build();
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }
}
