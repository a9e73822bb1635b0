package org.wishledger.scoring.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.data.BurnDistribution;
import org.wishledger.scoring.data.HhRlhf;
import org.wishledger.scoring.embed.Embedder;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.score.ScoreParams;
import org.wishledger.scoring.score.Scorer;
import org.wishledger.scoring.store.EmbeddingPipeline;
import org.wishledger.scoring.store.VectorStore;

/**
 * K-fold preference accuracy of an embedding judge: each contiguous block of pairs is held out once and scored
 * with the wishes of all other blocks, so every pair is scored once by wishes that never saw it. Returns per-pair
 * outcomes, so two configurations can be compared with a paired test ({@link PreferenceStats#mcnemar}).
 */
public final class FoldedPreference {
    private FoldedPreference() {
    }

    /** Per-pair outcome of one configuration: {@code correct[i]} = reward(chosen) > reward(rejected). */
    public record Outcome(String label, boolean[] correct) {
        public PreferenceStats.Interval interval() {
            return PreferenceStats.wilson(correct);
        }
    }

    /**
     * @param sigma burn spread of the wishes (0: equal burns; {@link BurnDistribution#DEFAULT_SIGMA}: the shipped,
     *              seeded log-normal burns, one draw per pair in file order)
     * @param cache directory for the vectors (per model id; reused between runs)
     */
    public static List<Outcome> run(Embedder embedder, List<HhRlhf.Pair> all, double sigma, int folds,
                                    List<ScoreParams> configs, Path cache) {
        BurnDistribution burns = new BurnDistribution(BurnDistribution.DEFAULT_MEDIAN, sigma,
                BurnDistribution.DEFAULT_SEED);
        List<WishInput> wishes = HhRlhf.toWishInputs(all, burns);
        String dir = embedder.modelId().replaceAll("[^A-Za-z0-9._-]", "_");
        boolean[][] correct = new boolean[configs.size()][all.size()];
        try (VectorStore store = VectorStore.open(cache.resolve(dir).resolve("all-wishes"), embedder.modelId(),
                embedder.dimensions());
             VectorStore pairStore = VectorStore.open(cache.resolve(dir).resolve("pairs"), embedder.modelId(),
                     embedder.dimensions())) {
            new EmbeddingPipeline(embedder, store).embedMissing(wishes.stream().filter(w -> w != null).toList());
            InProcessPairScorer.EmbeddedPairs every = new PairVectors(embedder, pairStore).embed(all);
            for (int f = 0; f < folds; f++) {
                int from = all.size() * f / folds;
                int to = all.size() * (f + 1) / folds;
                WishIndex index = new WishIndex(store);
                for (int i = 0; i < all.size(); i++) {
                    if ((i < from || i >= to) && wishes.get(i) != null) {
                        index.append(wishes.get(i));
                    }
                }
                InProcessPairScorer eval = new InProcessPairScorer(embedder, new Scorer(index));
                InProcessPairScorer.EmbeddedPairs held = every.slice(from, to);
                for (int c = 0; c < configs.size(); c++) {
                    boolean[] fold = eval.outcomes(held, configs.get(c));
                    System.arraycopy(fold, 0, correct[c], from, fold.length);
                }
            }
        }
        List<Outcome> out = new ArrayList<>();
        for (int c = 0; c < configs.size(); c++) {
            out.add(new Outcome(PreferenceExperiment.label(configs.get(c)), correct[c]));
        }
        return out;
    }
}
