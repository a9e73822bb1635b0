package org.wishledger.scoring.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.data.HhRlhf;
import org.wishledger.scoring.embed.MiniLmEmbedder;
import org.wishledger.scoring.store.EmbeddingPipeline;
import org.wishledger.scoring.store.ProgressListener;
import org.wishledger.scoring.store.VectorStore;

/**
 * The real MiniLM embeddings of the shipped HH-RLHF sample (every wishable pair as a wish, in file order), embedded
 * once into {@code cache/real} and reopened afterwards: the centres of {@code SyntheticWishes} and the real-size
 * recall check of the approximate gate.
 */
public final class RealEmbeddings {
    /** Scenario, desired and undesired unit vectors by wish (file order); undesired null when the wish has none. */
    public final float[][] scenario;
    public final float[][] desired;
    public final float[][] undesired;
    public final String modelId;

    public RealEmbeddings(Path data, Path cache) {
        MiniLmEmbedder embedder = new MiniLmEmbedder();
        modelId = embedder.modelId();
        List<WishInput> wishes = new ArrayList<>();
        int i = 0;
        for (HhRlhf.Pair p : HhRlhf.readAll(data)) {
            if (p.wishable()) {
                wishes.add(HhRlhf.toWishInput(p, 1, 1, i++));
            }
        }
        try (VectorStore store = VectorStore.open(cache.resolve("real"), modelId, embedder.dimensions())) {
            new EmbeddingPipeline(embedder, store, 32, 256, ProgressListener.logging(org.slf4j.LoggerFactory.getLogger("real"), 5000))
                    .embedMissing(wishes);
            int n = wishes.size();
            int dims = embedder.dimensions();
            scenario = new float[n][dims];
            desired = new float[n][dims];
            undesired = new float[n][];
            for (int w = 0; w < n; w++) {
                int row = store.rowOf(wishes.get(w).id());
                store.read(store.scenario(), row, scenario[w]);
                store.read(store.desired(), row, desired[w]);
                if (store.hasUndesired(row)) {
                    undesired[w] = new float[dims];
                    store.read(store.undesired(), row, undesired[w]);
                }
            }
        }
    }

    public static void main(String[] args) {
        RealEmbeddings r = new RealEmbeddings(Path.of(args[0]), Path.of(args[1]));
        System.out.println("real wishes embedded: " + r.scenario.length + " (" + r.modelId + ")");
    }
}
