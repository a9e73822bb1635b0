package org.wishledger.scoring.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wishledger.scoring.TestWishes;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.embed.VectorMath;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.store.VectorStore;

/** The explain path: the admitted wishes' contributions add up to the reward the scorer computes. */
class ContributionsTest {
    private static final int D = 16;

    private static float[] random(SplittableRandom r) {
        float[] v = new float[D];
        for (int i = 0; i < D; i++) {
            v[i] = (float) r.nextGaussian();
        }
        VectorMath.normalise(v);
        return v;
    }

    @Test
    void contributionsSumToTheGatedRewardAndComeLargestFirst() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        try (VectorStore store = VectorStore.inMemory("test-model", D, 3)) {
            WishIndex index = new WishIndex(store);
            for (int i = 0; i < 60; i++) {
                index.append(new WishInput(TestWishes.id(i), "s" + i, "d" + i, "u" + i, 1 + r.nextInt(1000), 1000L * i,
                        1 + i, List.of()), random(r), random(r), random(r));
            }
            Scorer scorer = new Scorer(index);
            float[] prompt = random(r);
            float[] response = random(r);
            ScoreParams params = ScoreParams.gated(0, -1f); // every wish admitted: the whole sum is listed
            ScoreResult result = new ScoreResult();
            scorer.score(prompt, response, params, new ScoreScratch(1, 0), result);
            List<Contributions.Contribution> all = Contributions.top(scorer, prompt, response, params, 1000);
            assertEquals(result.count(), all.size(), "seed " + seed);
            assertEquals(result.reward(), all.stream().mapToDouble(Contributions.Contribution::contribution).sum(), 1e-5,
                    "seed " + seed);
            for (int i = 1; i < all.size(); i++) {
                assertTrue(Math.abs(all.get(i - 1).contribution()) >= Math.abs(all.get(i).contribution()), "seed " + seed);
            }
            assertEquals(5, Contributions.top(scorer, prompt, response, ScoreParams.gated(10, -1f), 5).size());
            assertThrows(IllegalArgumentException.class, () -> Contributions.top(scorer, prompt, response, ScoreParams.mean(), 5));
        }
    }
}
