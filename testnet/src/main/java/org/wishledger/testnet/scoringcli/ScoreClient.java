package org.wishledger.testnet.scoringcli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.wishledger.client.RpcClient;
import org.wishledger.client.proto.ItemScore;
import org.wishledger.client.proto.ScoreItem;
import org.wishledger.client.proto.ScoreRequest;
import org.wishledger.client.proto.ScoreResponse;

/**
 * Scores any number of items through POST /score in batches of at most {@link #MAX_BATCH} (the node's per-request
 * limit). The answer of the first batch carries the height and effective parameters; if the ledger grew between
 * batches, {@link Scored#heights()} says so, because the rewards then come from slightly different wish sets.
 */
public final class ScoreClient {
    /** The node's MAX_ITEMS per request. */
    public static final int MAX_BATCH = 256;
    /**
     * Items per request by default. Each item's prompt and response are embedded by the node (tens of ms each on a
     * small machine), and the node's RPC gives a request 10 s: 256 items can exceed that, 32 stay far below.
     */
    public static final int DEFAULT_BATCH = 32;

    private final RpcClient rpc;
    private final int batch;

    public ScoreClient(RpcClient rpc) {
        this(rpc, DEFAULT_BATCH);
    }

    public ScoreClient(RpcClient rpc, int batch) {
        if (batch < 1 || batch > MAX_BATCH) {
            throw new IllegalArgumentException("batch must be 1.." + MAX_BATCH);
        }
        this.rpc = rpc;
        this.batch = batch;
    }

    /**
     * @param first   the first batch's answer without its results (height, mode, model, params)
     * @param results one per item, in order
     * @param heights lowest and highest ledger height over the batches
     */
    public record Scored(ScoreResponse first, List<ItemScore> results, long[] heights) {
        /** One ScoreResponse with every result (for --json output). */
        public ScoreResponse merged() {
            return first.toBuilder().clearResults().addAllResults(results).build();
        }
    }

    /**
     * Waits until the node's scorer has indexed the ledger up to {@code height} (it embeds committed wishes after
     * the commit, so right after an import it lags): polls a one-item /score, whose answer carries the scorer's
     * height. Returns that height.
     */
    public long awaitHeight(long height, Duration timeout, Consumer<String> progress) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ScoreRequest probe = ScoreRequest.newBuilder().addItems(ScoreRequests.item("", "probe")).build();
        long lastReported = -1;
        while (true) {
            long h = rpc.<ScoreResponse>post("/score", probe, ScoreResponse.newBuilder()).getHeight();
            if (h >= height) {
                return h;
            }
            if (h != lastReported) {
                progress.accept("waiting for the scorer to reach height " + height + " (at " + h + ")");
                lastReported = h;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException("the node's scorer is at height " + h + ", not " + height + ", after "
                        + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the scorer", e);
            }
        }
    }

    public Scored score(ScoreRequest template, List<ScoreItem> items, Progress progress) throws IOException {
        List<ItemScore> results = new ArrayList<>(items.size());
        ScoreResponse first = null;
        long minHeight = Long.MAX_VALUE;
        long maxHeight = 0;
        for (int from = 0; from < items.size(); from += batch) {
            List<ScoreItem> chunk = items.subList(from, Math.min(items.size(), from + batch));
            ScoreResponse answer = rpc.post("/score", ScoreRequests.withItems(template, chunk),
                    ScoreResponse.newBuilder());
            if (answer.getResultsCount() != chunk.size()) {
                throw new IOException("POST /score answered " + answer.getResultsCount() + " results for "
                        + chunk.size() + " items");
            }
            if (first == null) {
                first = answer.toBuilder().clearResults().build();
            }
            minHeight = Math.min(minHeight, answer.getHeight());
            maxHeight = Math.max(maxHeight, answer.getHeight());
            results.addAll(answer.getResultsList());
            progress.add(chunk.size());
        }
        if (first == null) {
            first = ScoreResponse.getDefaultInstance();
            minHeight = 0;
        }
        return new Scored(first, results, new long[] {minHeight, maxHeight});
    }
}
