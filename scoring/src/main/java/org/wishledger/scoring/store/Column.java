package org.wishledger.scoring.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One fixed-stride column of rows, in regions of {@code 2^shift} rows that are mapped (or allocated) once and never
 * moved or unmapped until {@link #close()}: a scoring thread can keep reading region {@code r} while the writer maps
 * region {@code r+1}. Writes go through Agrona {@link UnsafeBuffer}s; the scan kernels read the same memory through
 * {@link MemorySegment} views (the Vector API loads from segments). Byte order is the platform's native order.
 */
public final class Column implements AutoCloseable {
    private final String name;
    private final long strideBytes;
    private final int shift;
    private final FileChannel channel; // null: anonymous off-heap memory
    private final Arena arena = Arena.ofShared();
    private volatile MemorySegment[] segments = new MemorySegment[0];
    private UnsafeBuffer[] buffers = new UnsafeBuffer[0];

    /** {@code channel} null: anonymous off-heap memory. Also used by the IVF lists (one "row" = one list chunk). */
    public Column(String name, long strideBytes, int shift, FileChannel channel) {
        this.name = name;
        this.strideBytes = strideBytes;
        this.shift = shift;
        this.channel = channel;
    }

    public String name() {
        return name;
    }

    public long strideBytes() {
        return strideBytes;
    }

    public int rowsPerRegionShift() {
        return shift;
    }

    public int rowsPerRegion() {
        return 1 << shift;
    }

    /** Region segments mapped so far; the array is replaced (never mutated) when a region is added. */
    public MemorySegment[] segments() {
        return segments;
    }

    public MemorySegment segment(int row) {
        return segments[row >>> shift];
    }

    public long offset(int row) {
        return (row & ((1L << shift) - 1)) * strideBytes;
    }

    /** Writer side: the buffer holding {@code row}, mapping its region first if needed. */
    public UnsafeBuffer bufferFor(int row) {
        int region = row >>> shift;
        if (region >= buffers.length) {
            mapRegionsThrough(region);
        }
        return buffers[region];
    }

    public int bufferOffset(int row) {
        return (int) offset(row);
    }

    private void mapRegionsThrough(int region) {
        long regionBytes = strideBytes << shift;
        MemorySegment[] segs = Arrays.copyOf(segments, region + 1);
        UnsafeBuffer[] bufs = Arrays.copyOf(buffers, region + 1);
        for (int r = buffers.length; r <= region; r++) {
            MemorySegment seg;
            try {
                seg = channel == null
                        ? arena.allocate(regionBytes, 64)
                        : channel.map(FileChannel.MapMode.READ_WRITE, r * regionBytes, regionBytes, arena);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot map region " + r + " of column " + name, e);
            }
            segs[r] = seg;
            bufs[r] = new UnsafeBuffer(seg.address(), Math.toIntExact(regionBytes));
        }
        buffers = bufs;
        segments = segs; // publish after the buffers exist
    }

    /** Makes rows [fromRow, toRow) durable (msync) for file-backed columns; only their regions are synced. */
    public void force(int fromRow, int toRow) {
        if (channel == null || toRow <= fromRow) {
            return;
        }
        MemorySegment[] segs = segments;
        for (int r = fromRow >>> shift; r <= (toRow - 1) >>> shift && r < segs.length; r++) {
            segs[r].force();
        }
    }

    @Override
    public void close() {
        segments = new MemorySegment[0];
        buffers = new UnsafeBuffer[0];
        arena.close();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
