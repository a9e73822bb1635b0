package org.wishledger.scoring.ann;

/**
 * Where the IVF takes its vectors from: rows {@code [0, count())} of int8-quantised unit vectors, each with its
 * scale (x ~ q * scale, the store's symmetric quantisation). The node's source is the vector store
 * ({@link StoreRows}); benchmarks generate rows on the fly, so a 10^7-row measurement does not need the store's
 * 46 GB of float columns.
 */
public interface Int8Rows {
    int dimensions();

    /** Rows available now. */
    int count();

    /** Copies row {@code row}'s int8 components into {@code out} (length {@link #dimensions()}) and returns its scale. */
    float read(int row, byte[] out);
}
