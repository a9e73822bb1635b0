package org.wishledger.scoring;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.wishledger.scoring.embed.Embedder;
import org.wishledger.scoring.embed.VectorMath;

/**
 * A deterministic stand-in embedder for store/pipeline tests (where the model's meaning is irrelevant and its
 * 20 ms per text would only slow the test): a text's vector is a seeded Gaussian direction. Counts its calls so
 * tests can prove what was (not) recomputed. The real model is tested in MiniLmEmbedderTest and ParaphraseTest.
 */
public final class HashEmbedder implements Embedder {
    private final String modelId;
    private final int dims;
    public final AtomicInteger textsEmbedded = new AtomicInteger();

    public HashEmbedder(String modelId, int dims) {
        this.modelId = modelId;
        this.dims = dims;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimensions() {
        return dims;
    }

    @Override
    public void embed(List<String> texts, float[][] out) {
        for (int i = 0; i < texts.size(); i++) {
            vector(texts.get(i), out[i]);
            textsEmbedded.incrementAndGet();
        }
    }

    public static void vector(String text, float[] out) {
        if (text == null || text.isEmpty()) {
            Arrays.fill(out, 0f);
            return;
        }
        long seed = 1125899906842597L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            seed = 31 * seed + b;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) rnd.nextGaussian();
        }
        VectorMath.normalise(out);
    }

    public float[] vector(String text) {
        float[] v = new float[dims];
        vector(text, v);
        return v;
    }
}
