package org.wishledger.testnet.scoringcli;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.embed.Embedder;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.store.EmbeddingPipeline;
import org.wishledger.scoring.store.VectorStore;

/**
 * The client-side twin of the node's index, for the experiments that need raw vectors (fidelity, aggregate): the
 * fetched wishes embedded with the same model. With a cache directory the vectors persist (the scoring library's
 * VectorStore), so a second run embeds only new wishes; without one they live in memory.
 */
public final class LocalWishIndex implements AutoCloseable {
    private final VectorStore store;
    private final WishIndex index;

    private LocalWishIndex(VectorStore store, WishIndex index) {
        this.store = store;
        this.index = index;
    }

    public static LocalWishIndex build(List<WishInput> wishes, Embedder embedder, Path cacheDirOrNull,
                                       Consumer<String> progress) {
        VectorStore store = cacheDirOrNull == null
                ? VectorStore.inMemory(embedder.modelId(), embedder.dimensions(), VectorStore.DEFAULT_ROWS_PER_REGION_SHIFT)
                : VectorStore.open(cacheDirOrNull, embedder.modelId(), embedder.dimensions());
        try {
            EmbeddingPipeline pipeline = new EmbeddingPipeline(embedder, store, 32, 256,
                    (done, total, rate, eta) -> progress.accept(String.format("embedded %d/%d wishes (%.1f/s, ETA %s)",
                            done, total, rate, Progress.formatSeconds(eta))));
            WishIndex index = new WishIndex(store);
            index.appendAll(wishes, pipeline);
            return new LocalWishIndex(store, index);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public WishIndex index() {
        return index;
    }

    @Override
    public void close() {
        store.close();
    }
}
