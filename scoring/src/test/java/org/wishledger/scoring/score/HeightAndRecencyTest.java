package org.wishledger.scoring.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wishledger.scoring.TestWishes;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.index.Weighting;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.store.VectorStore;

/** Scoring as of a past height (wishes and burns as they were) and recency weighting, on hand-made 4-d vectors. */
class HeightAndRecencyTest {
    private final VectorStore store = VectorStore.inMemory("test-model", 4, 2);

    @AfterEach
    void close() {
        store.close();
    }

    private static float[] e(int axis) {
        float[] v = new float[4];
        v[axis] = 1;
        return v;
    }

    private static WishInput wish(int i, long burn, long height, long timeMs) {
        return new WishInput(TestWishes.id(i), "s", "d" + i, "u" + i, burn, timeMs, height, List.of());
    }

    /** Every wish's scenario is the prompt e0. Wish 0 (height 1): stance +1 for response e2; wish 1 (height 3): -1. */
    private WishIndex index() {
        WishIndex index = new WishIndex(store);
        index.append(wish(0, 100, 1, 0), e(0), e(2), e(3));
        index.append(wish(1, 100, 3, 1000), e(0), e(3), e(2));
        index.updateWeight(TestWishes.id(0), 300, 5);   // endorsement at height 5
        index.advanceTo(7);
        return index;
    }

    private static double reward(WishIndex index, ScoreParams p) {
        ScoreResult out = new ScoreResult();
        new Scorer(index).score(e(0), e(2), p, new ScoreScratch(1, p.k()), out);
        return out.reward();
    }

    private static final ScoreParams LINEAR = ScoreParams.gated(0, 0.5f);

    @Test
    void pastHeightsSeeTheWishesAndBurnsOfTheirTime() {
        WishIndex live = index();
        assertEquals((300 - 100) / 400.0, reward(live, LINEAR), 1e-9);
        assertEquals(1.0, reward(live.at(2), LINEAR), 1e-9, "height 2: only wish 0, at its first burn");
        assertEquals(0.0, reward(live.at(4), LINEAR), 1e-9, "height 4: both at 100");
        assertEquals(0.5, reward(live.at(5), LINEAR), 1e-9, "height 5: the endorsement counts");
        assertEquals(0.0, reward(live.at(0), LINEAR), 0.0, "nothing committed yet: neutral");
        assertEquals(4, live.at(4).height());
        assertEquals(0.0, reward(live.at(4), ScoreParams.mean()), 1e-6, "mean at height 4");
        // 256 draws of +-1 with equal weights: sd 1/16; within 5 sd of 0 (and not the live +0.5)
        assertEquals(0.0, reward(live.at(4), ScoreParams.sampled(256, 9)), 5.0 / 16, "sampled at height 4");
        assertEquals(200.0, live.at(4).totalWeight(Weighting.LINEAR), 0.0);
    }

    @Test
    void aPinnedHeightGivesTheSameRewardAfterTheLedgerMovesOn() {
        WishIndex live = index();
        double before = reward(live.at(5), ScoreParams.defaults());
        live.updateWeight(TestWishes.id(1), 5000, 8);
        live.append(wish(2, 7000, 9, 2000), e(0), e(3), e(2));
        assertEquals(before, reward(live.at(5), ScoreParams.defaults()), 0.0, "bit-identical at height 5");
        assertEquals(before, reward(index().at(5), ScoreParams.defaults()), 0.0,
                "another node that built its index separately gives the same answer");
    }

    @Test
    void heightsAboveTheLatestAreRefused() {
        WishIndex live = index();
        assertThrows(IllegalArgumentException.class, () -> live.at(8));
        assertThrows(IllegalArgumentException.class, () -> live.at(-1));
    }

    @Test
    void halfLifeHalvesTheWeightOfOlderWishes() {
        WishIndex live = index(); // wish 0 at t = 0 (burn 300, stance +1), wish 1 at t = 1000 (burn 100, -1)
        double w0 = 300 * 0.5; // one half-life old
        double w1 = 100;
        assertEquals((w0 - w1) / (w0 + w1), reward(live, LINEAR.withHalfLife(1000)), 1e-9);
        assertEquals((300 - 100) / 400.0, reward(live, LINEAR.withHalfLife(0)), 1e-9, "0 = off");
        assertThrows(IllegalArgumentException.class, () -> ScoreParams.mean().withHalfLife(1000));
    }

    @Test
    void logWeightsAddOnePerDoubling() {
        assertEquals(10.0, Weighting.LOG.weight(1023), 1e-12);
        assertEquals(0.0, Weighting.LOG.weight(0), 0.0, "no burn, no vote");
        assertEquals(Weighting.LOG, ScoreParams.defaults().weighting());
    }
}
