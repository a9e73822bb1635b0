package org.wishledger.scoring.eval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.scoring.data.HhRlhf;
import org.wishledger.scoring.embed.Embedder;
import org.wishledger.scoring.store.VectorStore;

/**
 * Embeds evaluation pairs through a {@link VectorStore} used as a cache (prompt, chosen, rejected in the store's
 * three columns, keyed by the SHA-256 of the texts), so repeated evaluations do not run the model again.
 */
final class PairVectors {
    private final Embedder embedder;
    private final VectorStore cache;

    PairVectors(Embedder embedder, VectorStore cache) {
        this.embedder = embedder;
        this.cache = cache;
    }

    InProcessPairScorer.EmbeddedPairs embed(List<HhRlhf.Pair> pairs) {
        int dims = embedder.dimensions();
        List<HhRlhf.Pair> missing = new ArrayList<>();
        for (HhRlhf.Pair p : pairs) {
            if (!cache.contains(id(p))) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            InProcessPairScorer.EmbeddedPairs fresh = new InProcessPairScorer(embedder, null).embed(missing);
            for (int i = 0; i < missing.size(); i++) {
                cache.append(id(missing.get(i)), fresh.prompts()[i], fresh.chosen()[i], fresh.rejected()[i]);
            }
            cache.flush();
        }
        int n = pairs.size();
        float[][] prompts = new float[n][dims];
        float[][] chosen = new float[n][dims];
        float[][] rejected = new float[n][dims];
        for (int i = 0; i < n; i++) {
            int row = cache.rowOf(id(pairs.get(i)));
            cache.read(cache.scenario(), row, prompts[i]);
            cache.read(cache.desired(), row, chosen[i]);
            cache.read(cache.undesired(), row, rejected[i]);
        }
        return new InProcessPairScorer.EmbeddedPairs(List.copyOf(pairs), prompts, chosen, rejected);
    }

    private static byte[] id(HhRlhf.Pair p) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String s : new String[] {p.prompt(), p.chosen(), p.rejected()}) {
                sha.update(s.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
