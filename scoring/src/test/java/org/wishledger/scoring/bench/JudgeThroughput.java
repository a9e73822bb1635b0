package org.wishledger.scoring.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.data.BurnDistribution;
import org.wishledger.scoring.data.HhRlhf;
import org.wishledger.scoring.embed.OnnxEmbedder;
import org.wishledger.scoring.embed.OnnxModel;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.judge.EmbeddingJudge;
import org.wishledger.scoring.score.ScoreParams;
import org.wishledger.scoring.score.ScoreResult;
import org.wishledger.scoring.score.Scorer;
import org.wishledger.scoring.store.EmbeddingPipeline;
import org.wishledger.scoring.store.VectorStore;

/**
 * Responses per second of each in-process embedding judge at batch 64 over the README testnet's wishes (the 1,152
 * usable pairs of the shipped sample with the shipped burns), end to end from texts: embedding the batch's
 * distinct prompts and responses, then the gated pass. Prompts and responses are the sample's own (distinct
 * texts, so no embedding is shared). Usage: {@code JudgeThroughput FILE CACHE_DIR [batches] [model ...]}.
 */
public final class JudgeThroughput {
    private JudgeThroughput() {
    }

    public static void main(String[] args) {
        List<HhRlhf.Pair> pairs = HhRlhf.readAll(Path.of(args[0]));
        Path cache = Path.of(args[1]);
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        List<OnnxModel> models = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            models.add(OnnxModel.byName(args[i]));
        }
        if (models.isEmpty()) {
            models = List.of(OnnxModel.values());
        }
        BurnDistribution burns = BurnDistribution.defaults();
        List<WishInput> wishes = HhRlhf.toWishInputs(pairs, burns).stream().filter(w -> w != null).toList();
        int batch = 64;
        for (OnnxModel m : models) {
            OnnxEmbedder embedder = new OnnxEmbedder(m);
            String dir = embedder.modelId().replaceAll("[^A-Za-z0-9._-]", "_");
            try (VectorStore store = VectorStore.open(cache.resolve(dir).resolve("all-wishes"), embedder.modelId(),
                    embedder.dimensions())) {
                WishIndex index = new WishIndex(store);
                index.appendAll(wishes, new EmbeddingPipeline(embedder, store));
                EmbeddingJudge judge = new EmbeddingJudge(embedder, new Scorer(index));
                ScoreResult[] out = new ScoreResult[batch];
                for (int i = 0; i < batch; i++) {
                    out[i] = new ScoreResult();
                }
                ScoreParams params = ScoreParams.defaults();
                long best = Long.MAX_VALUE;
                for (int b = 0; b <= batches; b++) { // batch 0 warms up
                    int from = (b * batch) % (pairs.size() - batch);
                    List<String> prompts = pairs.subList(from, from + batch).stream().map(HhRlhf.Pair::prompt).toList();
                    List<String> responses = pairs.subList(from, from + batch).stream().map(HhRlhf.Pair::chosen)
                            .toList();
                    long t0 = System.nanoTime();
                    judge.score(prompts, responses, params, out);
                    long ns = System.nanoTime() - t0;
                    if (b > 0) {
                        best = Math.min(best, ns);
                    }
                }
                System.out.printf("%-36s batch %d: best %.0f ms = %.1f responses/s over %d wishes%n",
                        judge.id(), batch, best / 1e6, batch / (best / 1e9), index.votingCount());
            }
        }
    }
}
