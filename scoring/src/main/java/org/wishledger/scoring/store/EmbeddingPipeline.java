package org.wishledger.scoring.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.embed.Embedder;

/**
 * Computes the embeddings of wishes the store does not have yet, in batches, and appends them: "computed once per
 * wish". Resumable: after a crash, the wishes whose rows were flushed are skipped and the rest are embedded again.
 */
public final class EmbeddingPipeline {
    private final Embedder embedder;
    private final VectorStore store;
    private final int batchSize;
    private final int flushEveryRows;
    private final ProgressListener progress;

    public EmbeddingPipeline(Embedder embedder, VectorStore store, int batchSize, int flushEveryRows,
                             ProgressListener progress) {
        if (!embedder.modelId().equals(store.modelId()) || embedder.dimensions() != store.dimensions()) {
            throw new IllegalArgumentException("store holds " + store.modelId() + "/" + store.dimensions()
                    + " but the embedder is " + embedder.modelId() + "/" + embedder.dimensions());
        }
        if (batchSize < 1 || flushEveryRows < 1) {
            throw new IllegalArgumentException("batchSize and flushEveryRows must be >= 1");
        }
        this.embedder = embedder;
        this.store = store;
        this.batchSize = batchSize;
        this.flushEveryRows = flushEveryRows;
        this.progress = progress;
    }

    public EmbeddingPipeline(Embedder embedder, VectorStore store) {
        this(embedder, store, 32, 1024, ProgressListener.NONE);
    }

    /** Embeds and appends every wish not yet stored, in the given order; returns how many were embedded. */
    public int embedMissing(List<WishInput> wishes) {
        List<WishInput> missing = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (WishInput w : wishes) {
            if (!store.contains(w.id()) && seen.add(java.util.HexFormat.of().formatHex(w.id()))) {
                missing.add(w);
            }
        }
        long start = System.nanoTime();
        int dims = embedder.dimensions();
        float[][] out = new float[3 * batchSize][dims];
        List<String> texts = new ArrayList<>(3 * batchSize);
        int sinceFlush = 0;
        for (int from = 0; from < missing.size(); from += batchSize) {
            List<WishInput> batch = missing.subList(from, Math.min(missing.size(), from + batchSize));
            texts.clear();
            for (WishInput w : batch) {
                texts.add(w.scenario());
                texts.add(w.desired());
                texts.add(w.hasUndesired() ? w.undesired() : "");
            }
            embedder.embed(texts, out);
            for (int i = 0; i < batch.size(); i++) {
                WishInput w = batch.get(i);
                store.append(w.id(), out[3 * i], out[3 * i + 1], w.hasUndesired() ? out[3 * i + 2] : null);
            }
            sinceFlush += batch.size();
            if (sinceFlush >= flushEveryRows) {
                store.flush();
                sinceFlush = 0;
            }
            long done = from + batch.size();
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = done / Math.max(seconds, 1e-9);
            progress.onProgress(done, missing.size(), rate, (missing.size() - done) / rate);
        }
        store.flush();
        return missing.size();
    }
}
