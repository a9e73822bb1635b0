package org.wishledger.scoring.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wishledger.scoring.HashEmbedder;
import org.wishledger.scoring.TestWishes;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.embed.VectorMath;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.index.Weighting;
import org.wishledger.scoring.store.EmbeddingPipeline;
import org.wishledger.scoring.store.VectorStore;

/**
 * With the hash embedder a text's vector is a fixed random direction, so a paragraph that repeats a wish's desired
 * text covers it exactly (cosine 1) and unrelated texts are nearly orthogonal (|cos| ~ 1/sqrt(256)).
 */
class FidelityAndAggregateTest {
    private final HashEmbedder embedder = new HashEmbedder("hash/1", 256);
    private final VectorStore store = VectorStore.inMemory("hash/1", 256, 3);
    private final WishIndex index = new WishIndex(store);

    @AfterEach
    void close() {
        store.close();
    }

    private void wishes(int n) {
        List<WishInput> list = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(TestWishes.wish(i, 10 * (i + 1))); // burns 10, 20, ..., tag even/odd
        }
        index.appendAll(list, new EmbeddingPipeline(embedder, store));
    }

    @Test
    void fidelityCoverageAndLeastCoveredWishes() {
        wishes(10);
        String constitution = "desired 0\n\n  desired\n 3  \n\nbe kind to animals\n";
        assertEquals(List.of("desired 0", "desired 3", "be kind to animals"), Paragraphs.split(constitution));
        Fidelity.Report r = Fidelity.run(embedder, index, constitution, 0.5f, 3, Weighting.LINEAR);
        assertEquals(10, r.wishes());
        assertEquals(550, r.totalWeight(), 1e-9);
        assertEquals((10 + 40) / 550.0, r.coverage(), 1e-9, "wishes 0 and 3 are quoted by the constitution");
        List<Fidelity.Gap> least = r.leastCovered();
        assertEquals(3, least.size());
        assertArrayEquals(TestWishes.id(9), least.get(0).wishId(), "the heaviest uncovered wish comes first");
        assertArrayEquals(TestWishes.id(8), least.get(1).wishId());
        assertEquals(100, least.get(0).weight(), 1e-9);

        // meanCosine by brute force: weighted mean of desired vectors against the mean paragraph vector
        float[] mean = new float[256];
        double[] desired = new double[256];
        for (String p : r.paragraphs()) {
            float[] v = embedder.vector(p);
            for (int i = 0; i < 256; i++) {
                mean[i] += v[i];
            }
        }
        VectorMath.normalise(mean);
        for (int w = 0; w < 10; w++) {
            float[] d = embedder.vector("desired " + w);
            for (int i = 0; i < 256; i++) {
                desired[i] += 10.0 * (w + 1) * d[i];
            }
        }
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < 256; i++) {
            dot += desired[i] * mean[i];
            norm += desired[i] * desired[i];
        }
        assertEquals(dot / Math.sqrt(norm), r.meanCosine(), 1e-5);
    }

    @Test
    void aggregateAlignmentCancelsOpposingWishes() {
        wishes(2); // wish 0: burn 10, tag even; wish 1: burn 20, tag odd
        Aggregate.Axis axis = new Aggregate.Axis("toy", List.of("desired 0"), List.of("desired 1"));
        Aggregate.Report r = Aggregate.run(embedder, index, Weighting.LINEAR, List.of(axis));
        Aggregate.AxisReport a = r.axes().get(0);
        // both wishes sit on the poles, at equal distance from the midpoint: alignment = (10 - 20) / (10 + 20)
        assertEquals(-1.0 / 3, a.overall().alignment(), 1e-6);
        assertEquals(2, a.overall().wishes());
        assertEquals(1.0, a.byTag().get("even").alignment(), 1e-6);
        assertEquals(-1.0, a.byTag().get("odd").alignment(), 1e-6);
        index.updateWeight(TestWishes.id(0), 20, 5); // equal weights: the axis cancels completely
        assertEquals(0.0, Aggregate.run(embedder, index, Weighting.LINEAR, List.of(axis)).axes().get(0).overall()
                .alignment(), 1e-6);
    }
}
