package org.wishledger.scoring.store;

import java.nio.file.Path;
import java.util.AbstractList;
import org.wishledger.scoring.HashEmbedder;
import org.wishledger.scoring.TestWishes;
import org.wishledger.scoring.WishInput;

/**
 * Child-process body of the crash test: embeds wishes 0, 1, 2, ... into the store at args[0] (one per batch,
 * flushing every 5 rows), printing "durable N" whenever the durable count moves, until the parent kills it
 * (SIGKILL, so it dies mid-append with unflushed rows in the files).
 */
public final class EndlessAppender {
    private EndlessAppender() {
    }

    public static void main(String[] args) {
        HashEmbedder embedder = new HashEmbedder(VectorStoreTest.MODEL, VectorStoreTest.DIMS);
        VectorStore store = VectorStore.open(Path.of(args[0]), embedder.modelId(), embedder.dimensions(), 4);
        int[] lastDurable = {-1};
        ProgressListener report = (done, total, rate, eta) -> {
            if (store.durableCount() != lastDurable[0]) {
                lastDurable[0] = store.durableCount();
                System.out.println("durable " + lastDurable[0]);
                System.out.flush();
            }
        };
        EmbeddingPipeline pipeline = new EmbeddingPipeline(embedder, store, 1, 5, report);
        for (int chunk = 0; ; chunk++) {
            int from = chunk * 1000;
            pipeline.embedMissing(new AbstractList<WishInput>() {
                @Override
                public WishInput get(int i) {
                    return TestWishes.wish(from + i, 1);
                }

                @Override
                public int size() {
                    return 1000;
                }
            });
        }
    }
}
