package org.wishledger.scoring.score;

import java.util.Objects;

/**
 * Which judge produced a reward, precisely enough to compute it again: {@code kind} ({@code embedding} or
 * {@code llm}), the model's name and its version (the jar version of an in-process model; for an LLM the served
 * model name and the judge's prompt version, since the same weights asked another question give other answers).
 */
public record JudgeId(String kind, String model, String version) {
    public JudgeId {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
    }

    /** From a model id of the form {@code name/version} (as {@link org.wishledger.scoring.embed.Embedder#modelId}). */
    public static JudgeId embedding(String modelId) {
        int slash = modelId.lastIndexOf('/');
        return slash < 0 ? new JudgeId("embedding", modelId, "unknown")
                : new JudgeId("embedding", modelId.substring(0, slash), modelId.substring(slash + 1));
    }

    @Override
    public String toString() {
        return kind + ":" + model + "/" + version;
    }
}
