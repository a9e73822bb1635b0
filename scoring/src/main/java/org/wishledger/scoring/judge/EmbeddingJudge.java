package org.wishledger.scoring.judge;

import java.util.List;
import org.wishledger.scoring.embed.Embedder;
import org.wishledger.scoring.score.JudgeId;
import org.wishledger.scoring.score.ScoreParams;
import org.wishledger.scoring.score.ScoreResult;
import org.wishledger.scoring.score.Scorer;
import org.wishledger.scoring.score.TextScorer;

/**
 * An in-process embedding model as the judge: a wish's verdict is {@code cos(r, desired) - cos(r, undesired)}.
 * Each model needs its own index (its vectors live in their own space), so a node that offers several embedding
 * judges keeps one {@link org.wishledger.scoring.index.WishIndex} per model.
 */
public final class EmbeddingJudge implements Judge {
    private final Embedder embedder;
    private final Scorer scorer;
    private final TextScorer textScorer;
    private final JudgeId id;

    public EmbeddingJudge(Embedder embedder, Scorer scorer) {
        this.embedder = embedder;
        this.scorer = scorer;
        this.textScorer = new TextScorer(embedder, scorer);
        this.id = JudgeId.embedding(embedder.modelId());
    }

    @Override
    public EmbeddingJudge at(long height) {
        return new EmbeddingJudge(embedder, new Scorer(scorer.index().at(height)));
    }

    @Override
    public JudgeId id() {
        return id;
    }

    @Override
    public void score(List<String> prompts, List<String> responses, ScoreParams params, ScoreResult[] out) {
        textScorer.score(prompts, responses, params, out);
        for (int i = 0; i < prompts.size(); i++) {
            out[i].judge(id);
        }
    }
}
