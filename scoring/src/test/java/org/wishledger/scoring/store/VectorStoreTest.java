package org.wishledger.scoring.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.scoring.HashEmbedder;
import org.wishledger.scoring.TestWishes;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.score.ScoreParams;
import org.wishledger.scoring.score.ScoreResult;
import org.wishledger.scoring.score.ScoreScratch;
import org.wishledger.scoring.score.Scorer;

class VectorStoreTest {
    static final String MODEL = "hash-model/1";
    static final int DIMS = 48;

    @TempDir
    Path dir;

    private static List<WishInput> wishes(int from, int to) {
        List<WishInput> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(TestWishes.wish(i, 1 + i));
        }
        return list;
    }

    /** Every stored row holds exactly what the embedder computes for that wish. */
    private static void assertRowsMatch(VectorStore store, HashEmbedder embedder, int rows) {
        float[] got = new float[DIMS];
        for (int row = 0; row < rows; row++) {
            WishInput w = TestWishes.wish(row, 1);
            assertArrayEquals(TestWishes.id(row), store.idAt(row), "row " + row);
            store.read(store.scenario(), row, got);
            assertArrayEquals(embedder.vector(w.scenario()), got, "scenario of row " + row);
            store.read(store.desired(), row, got);
            assertArrayEquals(embedder.vector(w.desired()), got, "desired of row " + row);
            store.read(store.undesired(), row, got);
            assertArrayEquals(w.hasUndesired() ? embedder.vector(w.undesired()) : new float[DIMS], got,
                    "undesired of row " + row);
            assertEquals(w.hasUndesired(), store.hasUndesired(row));
        }
    }

    @Test
    void reopenDoesNotRecompute() {
        HashEmbedder embedder = new HashEmbedder(MODEL, DIMS);
        try (VectorStore store = VectorStore.open(dir, MODEL, DIMS, 3)) {
            assertEquals(30, new EmbeddingPipeline(embedder, store).embedMissing(wishes(0, 30)));
        }
        int textsAfterFirstRun = embedder.textsEmbedded.get();
        assertEquals(30 * 3, textsAfterFirstRun, "three texts per wish (an empty undesired costs nothing)");
        try (VectorStore store = VectorStore.open(dir, MODEL, DIMS, 3)) {
            assertFalse(store.rebuilt());
            assertEquals(30, store.count());
            EmbeddingPipeline pipeline = new EmbeddingPipeline(embedder, store);
            assertEquals(0, pipeline.embedMissing(wishes(0, 30)), "nothing recomputed after reopen");
            assertEquals(textsAfterFirstRun, embedder.textsEmbedded.get());
            assertEquals(5, pipeline.embedMissing(wishes(0, 35)), "only the new wishes");
            assertRowsMatch(store, embedder, 35);
            assertEquals(12, store.rowOf(TestWishes.id(12)));
            // the index is rebuilt from the stored vectors alone
            WishIndex index = new WishIndex(store);
            wishes(0, 35).forEach(index::append);
            assertEquals(35, index.wishCount());
            assertEquals(34, index.burn(33));
            // and scores straight from the reopened mapping: wish 20's own scenario gates wish 20 first
            ScoreResult r = new ScoreResult();
            WishInput w20 = TestWishes.wish(20, 1);
            new Scorer(index).score(embedder.vector(w20.scenario()), embedder.vector(w20.desired()),
                    ScoreParams.gated(1, -1f), new ScoreScratch(1, 1), r);
            assertEquals(1, r.count());
            assertEquals(21.0, r.weight(), "burn of wish 20");
        }
    }

    @Test
    void anotherModelRebuildsTheStore() {
        try (VectorStore store = VectorStore.open(dir, MODEL, DIMS, 3)) {
            new EmbeddingPipeline(new HashEmbedder(MODEL, DIMS), store).embedMissing(wishes(0, 10));
        }
        HashEmbedder other = new HashEmbedder("hash-model/2", DIMS);
        try (VectorStore store = VectorStore.open(dir, other.modelId(), DIMS, 3)) {
            assertTrue(store.rebuilt(), "a store of hash-model/1 must not serve hash-model/2");
            assertEquals(0, store.count());
            assertEquals(10, new EmbeddingPipeline(other, store).embedMissing(wishes(0, 10)));
            assertEquals("hash-model/2", store.modelId());
        }
        try (VectorStore store = VectorStore.open(dir, "hash-model/2", DIMS, 3)) {
            assertFalse(store.rebuilt());
            assertEquals(10, store.count());
        }
        try (VectorStore store = VectorStore.open(dir, "hash-model/2", DIMS + 16, 3)) {
            assertTrue(store.rebuilt(), "a dimension change rebuilds too");
        }
    }

    @Test
    void pipelineRefusesAnEmbedderOfAnotherModel() {
        try (VectorStore store = VectorStore.open(dir, MODEL, DIMS, 3)) {
            assertThrows(IllegalArgumentException.class,
                    () -> new EmbeddingPipeline(new HashEmbedder("x", DIMS), store));
        }
    }

    @Test
    void inMemoryStoreCrossesRegionsAndDeduplicatesIds() {
        try (VectorStore store = VectorStore.inMemory(MODEL, DIMS, 2)) {
            HashEmbedder embedder = new HashEmbedder(MODEL, DIMS);
            List<WishInput> w = new ArrayList<>(wishes(0, 13));
            w.add(TestWishes.wish(3, 1)); // a duplicate id is stored once
            assertEquals(13, new EmbeddingPipeline(embedder, store).embedMissing(w));
            assertEquals(13, store.count());
            assertRowsMatch(store, embedder, 13);
        }
    }

    /** A real child JVM is killed (SIGKILL) while appending; the reopened store resumes where its data is durable. */
    @Test
    void crashMidAppendResumes() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("--enable-native-access")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EndlessAppender.class.getName(),
                dir.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        int lastDurableSeen = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (lastDurableSeen < 200 && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                if (line.startsWith("durable ")) {
                    lastDurableSeen = Integer.parseInt(line.substring(8));
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no final flush
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        }
        assertTrue(lastDurableSeen >= 200, "child never reached 200 durable rows (saw " + lastDurableSeen + ")");

        HashEmbedder embedder = new HashEmbedder(MODEL, DIMS);
        try (VectorStore store = VectorStore.open(dir, MODEL, DIMS, 4)) {
            int resumed = store.count();
            assertFalse(store.rebuilt());
            assertTrue(resumed >= lastDurableSeen, "durable rows lost: " + resumed + " < " + lastDurableSeen);
            assertEquals(0, resumed % 5, "the count only moves at flushes (every 5 rows)");
            assertRowsMatch(store, embedder, resumed);
            int target = resumed + 23;
            assertEquals(23, new EmbeddingPipeline(embedder, store).embedMissing(wishes(0, target)),
                    "only the wishes after the durable count are embedded again");
            assertEquals(target, store.count());
            assertRowsMatch(store, embedder, target);
        }
    }
}
