package org.wishledger.scoring.score;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wishledger.scoring.embed.Embedder;

/**
 * Scores (prompt, response) texts: what {@code POST /score} and {@code wishledger score} call. Embeds every distinct
 * text of the batch once (RLAIF batches repeat prompts: several completions per prompt), then runs one batched pass.
 * Embedding dominates the cost, so this layer allocates freely; the scan below it does not. Thread-safe: each call
 * uses its own scratch.
 */
public final class TextScorer {
    /** Largest batch accepted (the RPC layer should reject bigger requests with BAD_REQUEST). */
    public static final int MAX_BATCH = 256;
    /** Longest prompt or response accepted, in UTF-16 chars (MiniLM reads ~256 tokens anyway). */
    public static final int MAX_TEXT_CHARS = 16 * 1024;

    private final Embedder embedder;
    private final Scorer scorer;

    public TextScorer(Embedder embedder, Scorer scorer) {
        if (!embedder.modelId().equals(scorer.index().modelId())) {
            throw new IllegalArgumentException("embedder " + embedder.modelId() + " does not match the index's model "
                    + scorer.index().modelId());
        }
        this.embedder = embedder;
        this.scorer = scorer;
    }

    public String modelId() {
        return embedder.modelId();
    }

    /**
     * Fills {@code out[i]} with the reward of {@code responses[i]} for {@code prompts[i]}.
     *
     * @throws IllegalArgumentException for an empty or oversized batch, mismatched lists or an oversized text
     */
    public void score(List<String> prompts, List<String> responses, ScoreParams params, ScoreResult[] out) {
        int n = prompts.size();
        if (n == 0 || n > MAX_BATCH) {
            throw new IllegalArgumentException("batch size must be 1.." + MAX_BATCH + ", got " + n);
        }
        if (responses.size() != n || out.length < n) {
            throw new IllegalArgumentException("prompts, responses and results must have the same length");
        }
        Map<String, Integer> slot = new HashMap<>();
        List<String> unique = new ArrayList<>();
        int[] p = new int[n];
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = slotOf(prompts.get(i), "prompt", i, slot, unique);
            r[i] = slotOf(responses.get(i), "response", i, slot, unique);
        }
        float[][] vectors = new float[unique.size()][embedder.dimensions()];
        embedder.embed(unique, vectors);
        float[][] pv = new float[n][];
        float[][] rv = new float[n][];
        for (int i = 0; i < n; i++) {
            pv[i] = vectors[p[i]];
            rv[i] = vectors[r[i]];
        }
        scorer.scoreBatch(pv, rv, n, params, new ScoreScratch(n, params.k()), out);
    }

    /** The checks every judge applies to a request's texts. */
    public static void checkText(String text, String what, int i) {
        if (text == null) {
            throw new IllegalArgumentException(what + " " + i + " is missing");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException(what + " " + i + " is longer than " + MAX_TEXT_CHARS + " chars");
        }
    }

    private static int slotOf(String text, String what, int i, Map<String, Integer> slot, List<String> unique) {
        checkText(text, what, i);
        return slot.computeIfAbsent(text, t -> {
            unique.add(t);
            return unique.size() - 1;
        });
    }
}
