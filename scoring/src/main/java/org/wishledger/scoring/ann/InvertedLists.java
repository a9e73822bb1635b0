package org.wishledger.scoring.ann;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.wishledger.scoring.store.Column;

/**
 * The IVF's inverted lists: each list is a chain of fixed-size chunks of {@code chunkRows} rows, a chunk being
 * contiguous in one {@link Column} (file-mapped or anonymous off-heap): a 64-byte header (list, used), the rows'
 * store row numbers, their int8 scales, then their int8 vectors back to back. Appending a row writes into its
 * list's last chunk, or takes the next free chunk; nothing is ever moved, so the lists grow as blocks commit
 * without a rebuild, and a scan streams whole chunks (~100 KB at 256 x 384) at memory speed.
 *
 * <p>Rows are appended in ascending row order, so within every chunk the row numbers ascend: after a crash, the
 * entries at or above the durable row count are exactly a suffix of each chunk and are cut off on open.
 * The chunk chains are not stored: a list's chunks are allocated in increasing chunk order, so reading the chunk
 * headers in file order rebuilds them.
 */
final class InvertedLists implements AutoCloseable {
    static final int HEADER = 64;
    private static final int H_LIST = 0;
    private static final int H_USED = 4;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private final int dims;
    private final int chunkRows;
    private final long chunkBytes;
    private final Column chunks;
    private final int[] head;
    private final int[] tail;
    private final int[] size;
    private int[] next = new int[64];
    private int[] used = new int[64];
    private int chunkCount;

    InvertedLists(int dims, int nlist, int chunkRows, int regionShift, FileChannel channel) {
        if (chunkRows < 1 || chunkRows % 16 != 0) {
            throw new IllegalArgumentException("chunkRows must be a positive multiple of 16");
        }
        this.dims = dims;
        this.chunkRows = chunkRows;
        this.chunkBytes = chunkBytes(dims, chunkRows);
        this.chunks = new Column("ivf.lists", chunkBytes, regionShift, channel);
        this.head = new int[nlist];
        this.tail = new int[nlist];
        this.size = new int[nlist];
        Arrays.fill(head, -1);
        Arrays.fill(tail, -1);
    }

    static long chunkBytes(int dims, int chunkRows) {
        return HEADER + 8L * chunkRows + (long) chunkRows * dims;
    }

    /** Re-reads the headers of chunks {@code [0, durableChunks)} and drops entries of rows >= durableRows. */
    void recover(int durableChunks, int durableRows) {
        for (int c = 0; c < durableChunks; c++) {
            UnsafeBuffer buf = chunks.bufferFor(c);
            int off = chunks.bufferOffset(c);
            int list = buf.getInt(off + H_LIST);
            int n = buf.getInt(off + H_USED);
            if (list < 0 || list >= head.length || n < 0 || n > chunkRows) {
                throw new IllegalStateException("corrupt IVF chunk " + c);
            }
            while (n > 0 && buf.getInt(off + HEADER + 4 * (n - 1)) >= durableRows) {
                n--;
            }
            buf.putInt(off + H_USED, n);
            link(c, list);
            used[c] = n;
            size[list] += n;
        }
    }

    private void link(int chunk, int list) {
        if (chunk >= next.length) {
            next = Arrays.copyOf(next, next.length * 2);
            used = Arrays.copyOf(used, used.length * 2);
        }
        next[chunk] = -1;
        used[chunk] = 0;
        if (tail[list] < 0) {
            head[list] = chunk;
        } else {
            next[tail[list]] = chunk;
        }
        tail[list] = chunk;
        chunkCount = Math.max(chunkCount, chunk + 1);
    }

    /** Appends one row (its store row number, int8 vector and scale) to {@code list}. */
    void append(int list, int row, byte[] q, float scale) {
        int c = tail[list];
        if (c < 0 || used[c] == chunkRows) {
            c = chunkCount;
            link(c, list);
            UnsafeBuffer buf = chunks.bufferFor(c);
            int off = chunks.bufferOffset(c);
            buf.setMemory(off, HEADER, (byte) 0);
            buf.putInt(off + H_LIST, list);
        }
        UnsafeBuffer buf = chunks.bufferFor(c);
        int off = chunks.bufferOffset(c);
        int j = used[c];
        buf.putInt(off + HEADER + 4 * j, row);
        buf.putFloat(off + HEADER + 4 * chunkRows + 4 * j, scale);
        buf.putBytes(off + HEADER + 8 * chunkRows + j * dims, q, 0, dims);
        used[c] = j + 1;
        buf.putInt(off + H_USED, j + 1);
        size[list]++;
    }

    int lists() {
        return head.length;
    }

    int chunkRows() {
        return chunkRows;
    }

    int chunkCount() {
        return chunkCount;
    }

    int size(int list) {
        return size[list];
    }

    int head(int list) {
        return head[list];
    }

    int next(int chunk) {
        return next[chunk];
    }

    int used(int chunk) {
        return used[chunk];
    }

    MemorySegment segment(int chunk) {
        return chunks.segment(chunk);
    }

    long offset(int chunk) {
        return chunks.offset(chunk);
    }

    /** Byte offset of the row numbers inside a chunk. */
    static long rowsOffset() {
        return HEADER;
    }

    long scalesOffset() {
        return HEADER + 4L * chunkRows;
    }

    long vectorsOffset() {
        return HEADER + 8L * chunkRows;
    }

    static int rowAt(MemorySegment seg, long chunkOff, int j) {
        return seg.get(INT, chunkOff + HEADER + 4L * j);
    }

    /** Bytes held (allocated chunks, including the unused tail of each list's last chunk). */
    long bytes() {
        return chunkCount * chunkBytes;
    }

    void force() {
        chunks.force(0, chunkCount);
    }

    @Override
    public void close() {
        chunks.close();
    }
}
