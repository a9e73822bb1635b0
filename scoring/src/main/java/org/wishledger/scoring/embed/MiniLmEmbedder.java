package org.wishledger.scoring.embed;

/** all-MiniLM-L6-v2 (int8 ONNX, 384 dimensions): the first in-process model, kept as a named class for callers. */
public final class MiniLmEmbedder extends OnnxEmbedder {
    public static final int DIMENSIONS = OnnxModel.DIMENSIONS;

    public MiniLmEmbedder() {
        super(OnnxModel.MINILM);
    }
}
