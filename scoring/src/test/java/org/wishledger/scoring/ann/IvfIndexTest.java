package org.wishledger.scoring.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.scoring.embed.VectorMath;
import org.wishledger.scoring.score.Kernels;

class IvfIndexTest {
    static final int DIMS = 96;
    static final long SEED = 20261204L;
    static final String MODEL = "test-model/1";

    @TempDir
    Path dir;

    /** 40 random unit centres; rows at cosine ~0.6 around them (the benchmark's generator, smaller). */
    static SyntheticWishes rows(int n) {
        SplittableRandom r = new SplittableRandom(SEED);
        float[][] centres = new float[40][DIMS];
        for (float[] c : centres) {
            for (int d = 0; d < DIMS; d++) {
                c[d] = (float) r.nextGaussian();
            }
            VectorMath.normalise(c);
        }
        return new SyntheticWishes(centres, n, SyntheticWishes.sigmaForCosine(0.6), SEED);
    }

    static float[] query(SyntheticWishes rows, int i) {
        float[] q = new float[DIMS];
        rows.vector(1_000_000_000L + i, q);
        return q;
    }

    /** The exact int8 gate by brute force, with the same kernel (so the same float scores) in row order. */
    static TreeSet<Integer> bruteForce(SyntheticWishes rows, int n, float[] q, int k, float t, long[] burns) {
        TopK top = new TopK();
        top.reset(k, t);
        byte[] b = new byte[DIMS];
        MemorySegment seg = MemorySegment.ofArray(b);
        for (int row = 0; row < n; row++) {
            float scale = rows.read(row, b);
            float score = Kernels.dotInt8(seg, 0, q, DIMS) * scale;
            if (burns == null || (row < burns.length && burns[row] > 0)) {
                top.offer(row, score);
            }
        }
        return set(top);
    }

    static TreeSet<Integer> set(TopK top) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int i = 0; i < top.size(); i++) {
            s.add(top.row(i));
        }
        return s;
    }

    static TreeSet<Integer> search(IvfIndex ivf, float[] q, int k, float t, int nprobe, long[] burns) {
        IvfScratch s = new IvfScratch();
        ivf.search(q, k, t, nprobe, burns, s);
        return set(s.admitted());
    }

    @Test
    void probingEveryListIsTheExactInt8GateAndFewListsKeepMostOfIt() {
        SyntheticWishes rows = rows(20_000);
        IvfIndex ivf = new IvfBuilder().build(rows, 20_000, null, MODEL);
        assertEquals(20_000, ivf.rows());
        assertEquals(283, ivf.lists()); // 2 sqrt(N)
        int total = 0;
        for (int l = 0; l < ivf.lists(); l++) {
            total += ivf.listSize(l);
        }
        assertEquals(20_000, total, "every row in exactly one list");
        double recall = 0;
        for (int i = 0; i < 20; i++) {
            float[] q = query(rows, i);
            TreeSet<Integer> exact = bruteForce(rows, 20_000, q, 100, 0.2f, null);
            assertEquals(exact, search(ivf, q, 100, 0.2f, ivf.lists(), null), "query " + i + ", seed " + SEED);
            TreeSet<Integer> approx = search(ivf, q, 100, 0.2f, ivf.lists() / 4, null);
            assertTrue(exact.containsAll(approx) || approx.size() == 100);
            approx.retainAll(exact);
            recall += (double) approx.size() / exact.size();
        }
        recall /= 20;
        assertTrue(recall > 0.9, "recall with a quarter of the lists " + recall + ", seed " + SEED);
        ivf.close();
    }

    @Test
    void thresholdOnlyGateAndWeightlessRowsFollowTheExactRule() {
        SyntheticWishes rows = rows(5_000);
        IvfIndex ivf = new IvfBuilder().build(rows, 5_000, null, MODEL);
        long[] burns = new long[4_000]; // rows >= 4000 are unknown to the index: they never vote
        for (int i = 0; i < burns.length; i++) {
            burns[i] = i % 3 == 0 ? 0 : 1 + i;
        }
        for (int i = 0; i < 10; i++) {
            float[] q = query(rows, i);
            TreeSet<Integer> exact = bruteForce(rows, 5_000, q, 0, 0.3f, burns);
            TreeSet<Integer> got = search(ivf, q, 0, 0.3f, ivf.lists(), burns);
            assertEquals(exact, got, "query " + i);
            assertFalse(exact.isEmpty(), "the threshold admits someone");
            assertTrue(got.stream().allMatch(r -> r < 4_000 && r % 3 != 0));
        }
        ivf.close();
    }

    @Test
    void incrementalAppendsPersistAndReopenWithoutRebuilding() {
        SyntheticWishes rows = rows(8_000);
        Path ivfDir = dir.resolve("ivf");
        IvfIndex built = new IvfBuilder().build(rows, 2_000, ivfDir, MODEL);
        assertEquals(6_000, built.add(rows)); // the ledger grew after the build: rows 2000..8000 join the lists
        assertEquals(8_000, built.rows());
        built.close();

        IvfIndex reopened = IvfIndex.open(ivfDir, MODEL, DIMS);
        assertNotNull(reopened);
        assertEquals(8_000, reopened.rows());
        assertEquals(2_000, reopened.trainedRows());
        assertTrue(reopened.needsRetrain(), "4x the training size");
        assertEquals(0, reopened.add(rows), "nothing to catch up");
        for (int i = 0; i < 10; i++) {
            float[] q = query(rows, i);
            assertEquals(bruteForce(rows, 8_000, q, 64, -1f, null), search(reopened, q, 64, -1f, reopened.lists(),
                    null), "query " + i);
        }
        reopened.close();
        assertNull(IvfIndex.open(ivfDir, "another-model/2", DIMS), "another model's index is not used");
        assertNull(IvfIndex.open(ivfDir, MODEL, DIMS + 1));
        assertNull(IvfIndex.open(dir.resolve("none"), MODEL, DIMS));
    }

    @Test
    void rowsAddedAfterTheLastFlushAreCutOffOnOpenAndAddedAgain() {
        SyntheticWishes rows = rows(6_000);
        Path ivfDir = dir.resolve("ivf");
        IvfIndex writer = new IvfBuilder().build(rows, 3_000, ivfDir, MODEL); // flushed at 3000
        writer.add(rows); // rows 3000..6000 reach the mapped file but not the durable count: a crash now
        IvfIndex afterCrash = IvfIndex.open(ivfDir, MODEL, DIMS);
        assertNotNull(afterCrash);
        assertEquals(3_000, afterCrash.rows());
        float[] q = query(rows, 7);
        assertEquals(bruteForce(rows, 3_000, q, 50, -1f, null), search(afterCrash, q, 50, -1f, afterCrash.lists(),
                null), "only durable rows are searched");
        assertEquals(3_000, afterCrash.add(rows));
        assertEquals(bruteForce(rows, 6_000, q, 50, -1f, null), search(afterCrash, q, 50, -1f, afterCrash.lists(),
                null));
        afterCrash.close();
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        SyntheticWishes rows = rows(500);
        IvfIndex ivf = new IvfBuilder().build(rows, 500, null, MODEL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ivf.addRow(7, new byte[DIMS], 1f));
        assertTrue(e.getMessage().contains("in order"));
        assertThrows(IllegalArgumentException.class, () -> ivf.search(new float[DIMS - 1], 10, 0f, 4, null,
                new IvfScratch()));
        assertThrows(IllegalArgumentException.class, () -> ivf.search(new float[DIMS], 10, 0f, 0, null,
                new IvfScratch()));
        assertThrows(IllegalArgumentException.class, () -> new IvfBuilder().build(rows, 501, null, MODEL));
        ivf.close();
    }

    @Test
    void topKKeepsTheBestAndTheFirstOfEqualScores() {
        TopK top = new TopK();
        top.reset(3, 0f);
        float[] scores = {0.5f, -0.1f, 0.9f, 0.7f, 0.5f, 0.2f, 0.95f, 0.7f};
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] >= top.bar()) {
                top.offer(i, scores[i]);
            }
        }
        int[] rows = Arrays.copyOf(top.rows(), top.size());
        Arrays.sort(rows);
        assertEquals("[2, 3, 6]", Arrays.toString(rows), "the best 3; row 7 ties row 3 and does not displace it");
    }
}
