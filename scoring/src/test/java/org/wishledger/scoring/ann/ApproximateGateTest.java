package org.wishledger.scoring.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.scoring.store.VectorStore;

class ApproximateGateTest {
    static final String MODEL = IvfIndexTest.MODEL;
    static final int DIMS = IvfIndexTest.DIMS;
    static final int ALL_LISTS = 1 << 16;

    @TempDir
    Path dir;

    private static void append(VectorStore store, SyntheticWishes rows, int to) {
        float[] v = new float[DIMS];
        for (int i = store.count(); i < to; i++) {
            rows.vector(i, v);
            store.append(ByteBuffer.allocate(8).putLong(i).array(), v, v, null);
        }
    }

    @Test
    void autoBuildsAtMinRowsFollowsAppendsAndReopensFromDisk() {
        SyntheticWishes rows = IvfIndexTest.rows(10_000);
        ApproximateGate.Config config = new ApproximateGate.Config(ApproximateGate.Mode.AUTO, 3_000, ALL_LISTS, false);
        Path ivfDir = dir.resolve("ivf");
        try (VectorStore store = VectorStore.open(dir.resolve("store"), MODEL, DIMS)) {
            append(store, rows, 2_000);
            ApproximateGate gate = new ApproximateGate(ivfDir, store, config);
            assertFalse(gate.active(), "below minRows the exact scan is used");
            assertThrows(IllegalStateException.class, () -> gate.search(new float[DIMS], 10, 0f, null,
                    new IvfScratch()));
            append(store, rows, 3_000);
            assertEquals(3_000, gate.sync());
            assertTrue(gate.active());
            assertTrue(gate.usableFor(1024));
            assertFalse(gate.usableFor(0), "threshold-only gates stay exact");
            assertFalse(gate.usableFor(ApproximateGate.MAX_K + 1));
            append(store, rows, 3_500);
            assertEquals(3_500, gate.sync());
            gate.close();
        }
        try (VectorStore store = VectorStore.open(dir.resolve("store"), MODEL, DIMS)) {
            append(store, rows, 4_000);
            ApproximateGate gate = new ApproximateGate(ivfDir, store, config);
            assertTrue(gate.active());
            assertEquals(3_000, gate.index().trainedRows(), "reopened, not rebuilt");
            assertEquals(4_000, gate.index().rows(), "caught up with the rows appended meanwhile");
            // the store's own int8 rows, every list probed: exactly the int8 gate over the store
            StoreRows source = new StoreRows(store);
            for (int i = 0; i < 5; i++) {
                float[] q = IvfIndexTest.query(rows, i);
                IvfScratch s = new IvfScratch();
                gate.search(q, 32, 0.1f, null, s);
                assertEquals(bruteForce(source, q), IvfIndexTest.set(s.admitted()), "query " + i);
            }
            gate.close();
        }
    }

    private static java.util.TreeSet<Integer> bruteForce(StoreRows source, float[] q) {
        TopK top = new TopK();
        top.reset(32, 0.1f);
        byte[] b = new byte[DIMS];
        java.lang.foreign.MemorySegment seg = java.lang.foreign.MemorySegment.ofArray(b);
        for (int row = 0; row < source.count(); row++) {
            float scale = source.read(row, b);
            top.offer(row, org.wishledger.scoring.score.Kernels.dotInt8(seg, 0, q, DIMS) * scale);
        }
        return IvfIndexTest.set(top);
    }

    @Test
    void retrainsAfterFourfoldGrowthAndModesOverrideTheSize() {
        SyntheticWishes rows = IvfIndexTest.rows(5_000);
        try (VectorStore store = VectorStore.inMemory(MODEL, DIMS, 12)) {
            append(store, rows, 1_000);
            ApproximateGate auto = new ApproximateGate(null, store,
                    new ApproximateGate.Config(ApproximateGate.Mode.AUTO, 1_000, 8, false));
            ApproximateGate exact = new ApproximateGate(null, store,
                    new ApproximateGate.Config(ApproximateGate.Mode.EXACT, 1, 8, false));
            ApproximateGate forced = new ApproximateGate(null, store,
                    new ApproximateGate.Config(ApproximateGate.Mode.APPROXIMATE, 1_000_000, 8, false));
            assertTrue(auto.active());
            assertTrue(forced.active(), "APPROXIMATE ignores minRows");
            assertFalse(exact.active());
            assertNull(exact.index());
            append(store, rows, 3_999);
            auto.sync();
            assertEquals(1_000, auto.index().trainedRows());
            append(store, rows, 4_000);
            auto.sync();
            assertEquals(4_000, auto.index().trainedRows(), "rebuilt at 4x");
            assertEquals(4_000, auto.index().rows());
            auto.close();
            forced.close();
            exact.close();
        }
    }

    @Test
    void backgroundBuildsLeaveTheCurrentGateServingUntilTheyAreSwappedIn() {
        SyntheticWishes rows = IvfIndexTest.rows(6_000);
        Path ivfDir = dir.resolve("ivf");
        try (VectorStore store = VectorStore.open(dir.resolve("store"), MODEL, DIMS)) {
            append(store, rows, 1_000);
            ApproximateGate gate = new ApproximateGate(ivfDir, store,
                    new ApproximateGate.Config(ApproximateGate.Mode.AUTO, 1_000, 8, true));
            assertTrue(gate.awaitBuild(Duration.ofSeconds(60)), "first build within 60 s");
            assertTrue(gate.active());
            assertEquals(1_000, gate.index().trainedRows());
            append(store, rows, 4_000);
            assertEquals(4_000, gate.sync(), "the old index takes the rows while the rebuild starts");
            append(store, rows, 4_500);
            gate.sync();
            assertTrue(gate.active(), "still serving during the rebuild");
            assertTrue(gate.awaitBuild(Duration.ofSeconds(60)), "rebuild within 60 s");
            assertEquals(4_000, gate.index().trainedRows(), "the rebuild is in place");
            assertEquals(4_500, gate.index().rows(), "and caught up with the rows appended during it");
            assertFalse(java.nio.file.Files.exists(dir.resolve("ivf.building")));
            gate.close();
            IvfIndex reopened = IvfIndex.open(ivfDir, MODEL, DIMS);
            assertEquals(4_500, reopened.rows());
            reopened.close();
        }
    }

    @Test
    void anIndexAheadOfItsStoreIsDiscardedAndRebuilt() {
        SyntheticWishes rows = IvfIndexTest.rows(3_000);
        Path ivfDir = dir.resolve("ivf");
        ApproximateGate.Config config = new ApproximateGate.Config(ApproximateGate.Mode.AUTO, 500, 8, false);
        try (VectorStore store = VectorStore.open(dir.resolve("a"), MODEL, DIMS)) {
            append(store, rows, 2_000);
            new ApproximateGate(ivfDir, store, config).close();
        }
        try (VectorStore shorter = VectorStore.open(dir.resolve("b"), MODEL, DIMS)) {
            append(shorter, rows, 1_000);
            ApproximateGate gate = new ApproximateGate(ivfDir, shorter, config);
            assertEquals(1_000, gate.index().rows());
            assertEquals(1_000, gate.index().trainedRows());
            gate.close();
        }
    }

    @Test
    void configFromPropertiesRejectsUnknownModes() {
        System.setProperty("wishledger.scoring.gate", "sometimes");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    ApproximateGate.Config::fromSystemProperties);
            assertTrue(e.getMessage().contains("auto, exact or approximate"));
        } finally {
            System.clearProperty("wishledger.scoring.gate");
        }
        assertEquals(ApproximateGate.Config.defaults(), ApproximateGate.Config.fromSystemProperties());
    }
}
