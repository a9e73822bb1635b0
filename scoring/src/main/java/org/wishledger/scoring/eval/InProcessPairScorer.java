package org.wishledger.scoring.eval;

import java.util.ArrayList;
import java.util.List;
import org.wishledger.scoring.data.HhRlhf;
import org.wishledger.scoring.embed.Embedder;
import org.wishledger.scoring.score.ScoreParams;
import org.wishledger.scoring.score.ScoreResult;
import org.wishledger.scoring.score.ScoreScratch;
import org.wishledger.scoring.score.Scorer;

/**
 * {@link PairScorer} over an in-process {@link Scorer}. Embeds each pair's texts once ({@link #embed}) so that many
 * parameter settings can be compared on the same vectors.
 */
public final class InProcessPairScorer {
    private final Embedder embedder;
    private final Scorer scorer;

    public InProcessPairScorer(Embedder embedder, Scorer scorer) {
        this.embedder = embedder;
        this.scorer = scorer;
    }

    /** Prompt, chosen and rejected vectors of pairs, row i for pair i. */
    public record EmbeddedPairs(List<HhRlhf.Pair> pairs, float[][] prompts, float[][] chosen, float[][] rejected) {
        /** Pairs [from, to) (shares the vectors). */
        public EmbeddedPairs slice(int from, int to) {
            return new EmbeddedPairs(pairs.subList(from, to), java.util.Arrays.copyOfRange(prompts, from, to),
                    java.util.Arrays.copyOfRange(chosen, from, to), java.util.Arrays.copyOfRange(rejected, from, to));
        }
    }

    public EmbeddedPairs embed(List<HhRlhf.Pair> pairs) {
        int n = pairs.size();
        int dims = embedder.dimensions();
        float[][] all = new float[3 * n][dims];
        List<String> texts = new ArrayList<>(3 * n);
        for (HhRlhf.Pair p : pairs) {
            texts.add(p.prompt());
            texts.add(p.chosen());
            texts.add(p.rejected());
        }
        int batch = 48;
        float[][] out = new float[batch][dims];
        for (int from = 0; from < texts.size(); from += batch) {
            int to = Math.min(texts.size(), from + batch);
            embedder.embed(texts.subList(from, to), out);
            for (int i = from; i < to; i++) {
                System.arraycopy(out[i - from], 0, all[i], 0, dims);
            }
        }
        float[][] prompts = new float[n][];
        float[][] chosen = new float[n][];
        float[][] rejected = new float[n][];
        for (int i = 0; i < n; i++) {
            prompts[i] = all[3 * i];
            chosen[i] = all[3 * i + 1];
            rejected[i] = all[3 * i + 2];
        }
        return new EmbeddedPairs(List.copyOf(pairs), prompts, chosen, rejected);
    }

    /** Scores every pair of {@code e} under {@code params}, in batches of 64 responses per pass. */
    public PreferenceEval.Accuracy evaluate(String label, EmbeddedPairs e, ScoreParams params) {
        int n = e.pairs().size();
        double[] chosen = new double[n];
        double[] rejected = new double[n];
        score(e.prompts(), e.chosen(), params, chosen);
        score(e.prompts(), e.rejected(), params, rejected);
        return PreferenceEval.accuracy(label, chosen, rejected);
    }

    /** Per pair: whether chosen got a strictly higher reward than rejected under {@code params}. */
    public boolean[] outcomes(EmbeddedPairs e, ScoreParams params) {
        int n = e.pairs().size();
        double[] chosen = new double[n];
        double[] rejected = new double[n];
        score(e.prompts(), e.chosen(), params, chosen);
        score(e.prompts(), e.rejected(), params, rejected);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = chosen[i] > rejected[i];
        }
        return out;
    }

    private void score(float[][] prompts, float[][] responses, ScoreParams params, double[] into) {
        int batch = 64;
        ScoreScratch scratch = new ScoreScratch(batch, params.k());
        ScoreResult[] results = new ScoreResult[batch];
        for (int i = 0; i < batch; i++) {
            results[i] = new ScoreResult();
        }
        float[][] p = new float[batch][];
        float[][] r = new float[batch][];
        for (int from = 0; from < prompts.length; from += batch) {
            int m = Math.min(batch, prompts.length - from);
            System.arraycopy(prompts, from, p, 0, m);
            System.arraycopy(responses, from, r, 0, m);
            scorer.scoreBatch(p, r, m, params, scratch, results);
            for (int i = 0; i < m; i++) {
                into[from + i] = results[i].reward();
            }
        }
    }

    /** The {@link PairScorer} view (embeds on every call; prefer {@link #embed} + {@link #evaluate} for sweeps). */
    public PairScorer pairScorer(ScoreParams params) {
        return (pairs, chosen, rejected) -> {
            EmbeddedPairs e = embed(pairs);
            score(e.prompts(), e.chosen(), params, chosen);
            score(e.prompts(), e.rejected(), params, rejected);
        };
    }
}
