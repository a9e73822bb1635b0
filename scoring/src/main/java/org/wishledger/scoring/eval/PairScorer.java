package org.wishledger.scoring.eval;

import java.util.List;
import org.wishledger.scoring.data.HhRlhf;

/**
 * Scores both answers of preference pairs (prompt = the pair's dialogue). The library implementation runs a
 * {@link org.wishledger.scoring.score.Scorer} in process; the CLI's implementation calls {@code POST /score}.
 */
@FunctionalInterface
public interface PairScorer {
    /** Fills {@code chosen[i]} and {@code rejected[i]} with the rewards of pair i's two answers. */
    void score(List<HhRlhf.Pair> pairs, double[] chosen, double[] rejected);
}
