package org.wishledger.scoring.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.scoring.TestWishes;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.score.ScoreParams;
import org.wishledger.scoring.score.ScoreResult;
import org.wishledger.scoring.score.ScoreScratch;
import org.wishledger.scoring.score.Scorer;
import org.wishledger.scoring.store.VectorStore;

/** The integration hook: a WishIndex with an ApproximateGate scores through the IVF above minRows. */
class ScorerWithApproximateGateTest {
    static final int DIMS = IvfIndexTest.DIMS;
    static final int N = 6_000;

    @TempDir
    Path dir;

    /** Appends N wishes (scenario = synthetic row i, desired/undesired = other rows) to the index. */
    private static void fill(WishIndex index, SyntheticWishes rows, int from, int to) {
        float[] s = new float[DIMS];
        float[] d = new float[DIMS];
        float[] u = new float[DIMS];
        for (int i = from; i < to; i++) {
            rows.vector(i, s);
            rows.vector(2_000_000_000L + i, d);
            rows.vector(3_000_000_000L + i, u);
            WishInput w = new WishInput(TestWishes.id(i), "s", "d", i % 3 == 0 ? null : "u", i % 7 == 0 ? 0 : 1 + i,
                    1_700_000_000_000L + i, 1 + i / 100, List.of());
            index.append(w, s, d, u);
        }
    }

    private static ScoreResult score(Scorer scorer, float[] p, float[] r, ScoreParams params) {
        ScoreResult out = new ScoreResult();
        scorer.score(p, r, params, new ScoreScratch(1, params.k()), out);
        return out;
    }

    @Test
    void aboveMinRowsTheGateGoesThroughTheIvfAndEveryListGivesTheExactInt8Reward() {
        SyntheticWishes rows = IvfIndexTest.rows(N);
        ScoreParams params = ScoreParams.gated(64, 0.1f).withInt8(true);
        try (VectorStore exactStore = VectorStore.inMemory(IvfIndexTest.MODEL, DIMS, 12);
             VectorStore approxStore = VectorStore.open(dir.resolve("embeddings"), IvfIndexTest.MODEL, DIMS)) {
            WishIndex exact = new WishIndex(exactStore);
            ApproximateGate gate = new ApproximateGate(dir.resolve("embeddings.ivf"), approxStore,
                    new ApproximateGate.Config(ApproximateGate.Mode.AUTO, 4_000, 1 << 16, false));
            WishIndex approx = new WishIndex(approxStore, gate);
            fill(exact, rows, 0, N);
            fill(approx, rows, 0, 3_000);
            assertFalse(gate.active(), "below minRows: exact");
            fill(approx, rows, 3_000, N);
            assertTrue(gate.active(), "built while wishes were appended");
            assertEquals(N, gate.index().rows());
            Scorer e = new Scorer(exact);
            Scorer a = new Scorer(approx);
            for (int q = 0; q < 10; q++) {
                float[] p = IvfIndexTest.query(rows, q);
                float[] r = IvfIndexTest.query(rows, 100 + q);
                ScoreResult want = score(e, p, r, params);
                ScoreResult got = score(a, p, r, params);
                assertEquals(want.count(), got.count(), "query " + q);
                assertEquals(want.weight(), got.weight(), 1e-9 * want.weight(), "query " + q);
                assertEquals(want.reward(), got.reward(), 1e-6, "query " + q);
                assertEquals(want.p50(), got.p50(), 1e-6, "query " + q);
            }
            // one probed list: top-k gates visibly go through the IVF, threshold-only gates still scan exactly
            ApproximateGate oneList = new ApproximateGate(null, approxStore,
                    new ApproximateGate.Config(ApproximateGate.Mode.APPROXIMATE, 1, 1, false));
            WishIndex narrow = new WishIndex(approxStore, oneList);
            fill(narrow, rows, 0, N);
            Scorer n = new Scorer(narrow);
            ScoreParams thresholdOnly = ScoreParams.gated(0, 0.3f).withInt8(true);
            int differs = 0;
            for (int q = 0; q < 10; q++) {
                float[] p = IvfIndexTest.query(rows, q);
                differs += score(e, p, p, params).weight() != score(n, p, p, params).weight() ? 1 : 0;
                ScoreResult want = score(e, p, p, thresholdOnly);
                assertEquals(want.count(), score(n, p, p, thresholdOnly).count(), "query " + q);
                assertEquals(want.reward(), score(n, p, p, thresholdOnly).reward(), 1e-12, "query " + q);
            }
            assertTrue(differs > 0, "a single list cannot hold every query's top 64");
            oneList.close();
            gate.close();
        }
        // persisted beside the store: reopening finds the index instead of rebuilding it
        try (VectorStore store = VectorStore.open(dir.resolve("embeddings"), IvfIndexTest.MODEL, DIMS)) {
            ApproximateGate gate = new ApproximateGate(dir.resolve("embeddings.ivf"), store,
                    new ApproximateGate.Config(ApproximateGate.Mode.AUTO, 4_000, 8, false));
            assertEquals(4_000, gate.index().trainedRows());
            assertEquals(N, gate.index().rows());
            gate.close();
        }
    }
}
