package org.wishledger.scoring.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wishledger.scoring.TestWishes;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.embed.VectorMath;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.store.VectorStore;

/**
 * A wish with only a desired text votes a centred stance {@code cos(r, d) - b}, b = the mean cosine of distinct
 * answer texts of the ledger (docs/scoring.md, "One-sided wishes"), not e5's raw cosine floor. The vectors imitate
 * e5's geometry: every answer text shares one strong common component, so two unrelated answers have cosine ~0.8.
 */
class OneSidedWishTest {
    private static final int D = 64;
    private final List<VectorStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(VectorStore::close);
    }

    private WishIndex index() {
        VectorStore store = VectorStore.inMemory("test-model", D, 3);
        stores.add(store);
        return new WishIndex(store);
    }

    /** unit(common + 0.5 * noise): pairwise cosines of such answers ~0.8, like e5's conversational texts. */
    private static float[] answer(SplittableRandom rnd, float[] common) {
        float[] v = new float[D];
        for (int i = 0; i < D; i++) {
            v[i] = common[i] + (float) (0.5 * rnd.nextGaussian() / Math.sqrt(D));
        }
        VectorMath.normalise(v);
        return v;
    }

    private static float[] axis(int i) {
        float[] v = new float[D];
        v[i] = 1;
        return v;
    }

    private static WishInput wish(int i, boolean twoSided, long height) {
        return new WishInput(TestWishes.id(i), "s" + i, "d" + i, twoSided ? "u" + i : null, 10, 1000L * i, height,
                List.of());
    }

    /**
     * 40 two-sided wishes about prompt e0 and 40 one-sided ones about prompt e1, all answers around one common
     * direction. A fresh answer to either prompt, as unrelated to the wishes' answers as they are to each other,
     * should get a reward near 0 from both groups: before the fix the one-sided group voted ~0.8.
     */
    @Test
    void aTypicalAnswerIsNeutralUnderOneSidedWishesToo() {
        long seed = 20261204L;
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] common = axis(D - 1);
        WishIndex index = index();
        for (int i = 0; i < 80; i++) {
            boolean two = i < 40;
            index.append(wish(i, two, 1 + i), axis(two ? 0 : 1), answer(rnd, common), two ? answer(rnd, common) : null);
        }
        Scorer scorer = new Scorer(index);
        ScoreParams gate = ScoreParams.gated(0, 0.5f);
        double sumTwo = 0;
        double sumOne = 0;
        int n = 50;
        for (int t = 0; t < n; t++) {
            float[] r = answer(rnd, common);
            sumTwo += reward(scorer, axis(0), r, gate);
            sumOne += reward(scorer, axis(1), r, gate);
        }
        double meanTwo = sumTwo / n;
        double meanOne = sumOne / n;
        assertEquals(0, meanTwo, 0.02, "two-sided wishes: centred by construction; seed " + seed);
        assertEquals(0, meanOne, 0.02, "one-sided wishes: centred by the baseline, not ~0.8; seed " + seed);
        assertTrue(index.oneSidedBaseline() > 0.7, "e5-like floor, b = " + index.oneSidedBaseline());
        // the baseline is a constant per wish, so it never reorders two answers to one prompt
        float[] good = answer(rnd, common);
        float[] bad = answer(rnd, common);
        double dGood = reward(scorer, axis(1), good, gate) - reward(scorer, axis(1), bad, gate);
        double raw = rawOneSidedMean(index, good) - rawOneSidedMean(index, bad);
        assertEquals(raw, dGood, 1e-5, "differences between answers are what they were");
    }

    /** The baseline is the brute-force mean pairwise cosine, and at(h) gives the one of height h bit for bit. */
    @Test
    void baselineIsTheMeanPairwiseCosineAndReproducibleAtAHeight() {
        long seed = 7;
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] common = axis(3);
        WishIndex live = index();
        WishIndex upTo5 = index();
        List<float[]> d = new ArrayList<>();
        List<float[]> u = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            float[] s = answer(rnd, common);
            float[] di = answer(rnd, common);
            float[] ui = i % 3 == 0 ? null : answer(rnd, common);
            live.append(wish(i, ui != null, i), s, di, ui);
            if (i <= 5) {
                upTo5.append(wish(i, ui != null, i), s, di, ui);
                d.add(di);
                u.add(ui);
            }
        }
        double b5 = ScorerTest.baseline(d.toArray(new float[0][]), u.toArray(new float[0][]));
        assertEquals(b5, upTo5.oneSidedBaseline(), 1e-6, "seed " + seed);
        assertEquals(upTo5.oneSidedBaseline(), live.at(5).oneSidedBaseline(), 0.0, "seed " + seed);
        assertTrue(Math.abs(live.oneSidedBaseline() - b5) > 1e-6, "the live index moved on");
    }

    /** Mean and sampled modes centre the same way as the gated pass. */
    @Test
    void everyModeCentresOneSidedWishes() {
        SplittableRandom rnd = new SplittableRandom(11);
        float[] common = axis(5);
        WishIndex index = index();
        for (int i = 0; i < 30; i++) {
            index.append(wish(i, i % 2 == 0, 1), answer(rnd, common), answer(rnd, common),
                    i % 2 == 0 ? answer(rnd, common) : null);
        }
        index.updateWeight(TestWishes.id(3), 1000, 2); // a heavy one-sided wish
        Scorer scorer = new Scorer(index);
        float[] p = answer(rnd, common);
        float[] r = answer(rnd, common);
        double ungated = reward(scorer, p, r, ScoreParams.gated(0, -1f));
        assertEquals(ungated, reward(scorer, p, r, ScoreParams.mean()), 1e-5, "mean = ungated gated pass");
        // 20,000 draws: the sampled mean is within 5 sd of the ungated weighted mean (stances are within [-2, 2])
        assertEquals(ungated, reward(scorer, p, r, ScoreParams.sampled(20_000, 3)), 5 * 2 / Math.sqrt(20_000));
    }

    private static double reward(Scorer scorer, float[] p, float[] r, ScoreParams params) {
        ScoreResult out = new ScoreResult();
        scorer.score(p, r, params, new ScoreScratch(1, params.k()), out);
        return out.reward();
    }

    /** The equal-weight mean of raw cos(r, d) over the one-sided wishes (rows 40..79), as the scorer did before. */
    private static double rawOneSidedMean(WishIndex index, float[] r) {
        VectorStore store = index.store();
        float[] d = new float[D];
        double sum = 0;
        for (int row = 40; row < 80; row++) {
            store.read(store.desired(), row, d);
            sum += VectorMath.dot(r, d);
        }
        return sum / 40;
    }
}
