package org.wishledger.scoring.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An {@link OnnxModel} run in process; no network at run time. langchain4j pools and L2-normalises already, and
 * splits texts over 510 tokens into parts whose embeddings it averages by token count; we normalise again because
 * that average of unit vectors is not unit length in general, and the index relies on unit vectors.
 */
public class OnnxEmbedder implements Embedder {
    private final OnnxModel spec;
    private final EmbeddingModel model;
    private final String modelId;

    public OnnxEmbedder(OnnxModel spec) {
        this.spec = spec;
        this.model = spec.load();
        this.modelId = spec.modelId();
    }

    public OnnxModel spec() {
        return spec;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimensions() {
        return OnnxModel.DIMENSIONS;
    }

    @Override
    public void embed(List<String> texts, float[][] out) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        int[] target = new int[texts.size()];
        String prefix = spec.symmetricPrefix();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                Arrays.fill(out[i], 0f); // langchain4j rejects blank segments; no text, no direction
            } else {
                target[segments.size()] = i;
                segments.add(TextSegment.from(prefix.isEmpty() ? text : prefix + text));
            }
        }
        if (segments.isEmpty()) {
            return;
        }
        List<Embedding> embeddings = model.embedAll(segments).content();
        for (int j = 0; j < embeddings.size(); j++) {
            float[] row = out[target[j]];
            System.arraycopy(embeddings.get(j).vector(), 0, row, 0, OnnxModel.DIMENSIONS);
            VectorMath.normalise(row);
        }
    }
}
