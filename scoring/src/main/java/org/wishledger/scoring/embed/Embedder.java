package org.wishledger.scoring.embed;

import java.util.List;

/**
 * Turns texts into unit-length vectors. Implementations must be deterministic for a given {@link #modelId()} on one
 * machine (the persistent store trusts that a stored vector equals what the model would compute again).
 */
public interface Embedder {
    /** Identifies the model and its version; a store built with another id is rebuilt. */
    String modelId();

    int dimensions();

    /**
     * Embeds {@code texts.size()} texts into {@code out[0..size)}, each row of length {@link #dimensions()} and of
     * unit L2 norm. An empty text yields the zero vector (it has no direction, so it scores 0 against anything).
     */
    void embed(List<String> texts, float[][] out);

    /** Convenience for one text (allocates; not for hot paths). */
    default float[] embed(String text) {
        float[][] out = new float[1][dimensions()];
        embed(List.of(text), out);
        return out[0];
    }
}
