package org.wishledger.scoring.ann;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.wishledger.scoring.store.Column;
import org.wishledger.scoring.store.VectorStore;

/**
 * The vector store's int8 scenario column as an {@link Int8Rows} source (what the IVF copies into its lists). Reads
 * through the columns' published segments, not the writer's buffers, so a background build may read rows
 * {@code [0, n)} while the writer appends after them.
 */
public final class StoreRows implements Int8Rows {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
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
        MemorySegment.copy(q.segment(row), ValueLayout.JAVA_BYTE, q.offset(row), out, 0, store.dimensions());
        Column s = store.scenarioScale();
        return s.segment(row).get(FLOAT, s.offset(row));
    }
}
