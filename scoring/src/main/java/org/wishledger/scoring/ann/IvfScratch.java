package org.wishledger.scoring.ann;

/** Caller-owned working memory of IVF searches, one per scoring thread: the probed lists and the admitted rows. */
public final class IvfScratch {
    private final TopK probes = new TopK();
    private final TopK admitted = new TopK();

    TopK probes() {
        return probes;
    }

    /** The admitted set of the last search (valid until the next one). */
    public TopK admitted() {
        return admitted;
    }
}
