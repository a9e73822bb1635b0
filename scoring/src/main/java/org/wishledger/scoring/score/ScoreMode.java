package org.wishledger.scoring.score;

/** How the stances of many wishes become one reward. See docs/scoring.md. */
public enum ScoreMode {
    /** Only wishes whose scenario is near the prompt vote (top-k and/or threshold); weighted mean of stances. */
    GATED,
    /** K wishes drawn with probability proportional to weight (seeded); plain mean of their stances. */
    SAMPLED,
    /** Every wish votes: weighted mean of stances, computed in O(dims) from the weighted centroids. */
    MEAN
}
