package org.wishledger.scoring.judge;

import java.util.List;
import org.wishledger.scoring.score.JudgeId;
import org.wishledger.scoring.score.ScoreParams;
import org.wishledger.scoring.score.ScoreResult;

/**
 * Scores responses against the committed wishes: the wishes the gate admits for each prompt (or the K sampled, or
 * all in mean mode), weighted by burn, each wish's verdict on the response averaged. Implementations differ in how
 * a verdict is formed: an embedding judge takes {@code cos(r, desired) - cos(r, undesired)}, an LLM judge asks a
 * model whether the response follows the desired or the undesired behaviour. Every result records {@link #id()}.
 */
public interface Judge {
    JudgeId id();

    /**
     * Fills {@code out[i]} with the reward of {@code responses[i]} for {@code prompts[i]}.
     *
     * @throws IllegalArgumentException for an empty or oversized batch or text
     * @throws JudgeException when the judge cannot give a verdict (an LLM server timing out or answering nonsense)
     */
    void score(List<String> prompts, List<String> responses, ScoreParams params, ScoreResult[] out);

    /**
     * This judge over the wishes and weights as of block {@code height} ({@link
     * org.wishledger.scoring.index.WishIndex#at}): the same request gives the same reward on any node, at any time.
     * Costs a rebuild of the index view (O(wishes x dims)); keep the result while scoring at that height.
     */
    Judge at(long height);
}
