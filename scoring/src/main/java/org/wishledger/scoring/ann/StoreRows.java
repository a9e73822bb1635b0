package org.wishledger.scoring.ann;

import org.agrona.concurrent.UnsafeBuffer;
import org.wishledger.scoring.store.Column;
import org.wishledger.scoring.store.VectorStore;

/** The vector store's int8 scenario column as an {@link Int8Rows} source (what the IVF copies into its lists). */
public final class StoreRows implements Int8Rows {
    private final VectorStore store;

    public StoreRows(VectorStore store) {
        this.store = store;
    }

    @Override
    public int dimensions() {
        return store.dimensions();
    }

    @Override
    public int count() {
        return store.count();
    }

    @Override
    public float read(int row, byte[] out) {
        Column q = store.scenarioInt8();
        UnsafeBuffer buf = q.bufferFor(row);
        buf.getBytes(q.bufferOffset(row), out, 0, store.dimensions());
        Column s = store.scenarioScale();
        return s.bufferFor(row).getFloat(s.bufferOffset(row));
    }
}
