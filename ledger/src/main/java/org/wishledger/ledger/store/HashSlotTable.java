package org.wishledger.ledger.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongPredicate;

/**
 * One fixed-capacity open-addressing table (linear probing) of 16-byte slots in a memory-mapped file:
 * {@code fingerprint(8) || position(8)}, position 0 meaning "empty". A header page in front holds the
 * magic, version, capacity and the checkpoint height (see {@link TxHashIndex}).
 *
 * <p>One writer, any number of readers without locks: a slot is written once, its fingerprint first and
 * then its position with release semantics, and readers read the position with acquire semantics, so a
 * reader that sees a position also sees its fingerprint. Slots are never changed or removed afterwards.
 * The file is grown by building a bigger table ({@link TxHashIndex}), never in place, so a reader still
 * probing an old table sees a consistent (if older) set of entries. Mappings are never unmapped by hand
 * (the JDK unmaps when the buffer is collected), so a reader can never touch unmapped memory.
 */
final class HashSlotTable {
    static final int HEADER_BYTES = 4096;
    static final int SLOT_BYTES = 16;
    private static final long MAGIC = 0x574c_5458_4944_5831L; // "WLTXIDX1"
    private static final long VERSION = 1;
    private static final int OFF_MAGIC = 0;
    private static final int OFF_VERSION = 8;
    private static final int OFF_CAPACITY = 16;
    private static final int OFF_CHECKPOINT = 24;
    /** 2^26 slots = 1 GiB per mapping (a MappedByteBuffer is limited to 2 GiB). */
    private static final int SEGMENT_SHIFT = 26;
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final FileChannel channel;
    private final MappedByteBuffer header;
    private final MappedByteBuffer[] segments;
    private final long capacity;
    private final long mask;
    /** Used slots; writer-owned (readers never need it). */
    private long count;

    private HashSlotTable(FileChannel channel, long capacity) throws IOException {
        this.channel = channel;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.header = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_BYTES);
        long segmentSlots = 1L << SEGMENT_SHIFT;
        int n = (int) Math.max(1, (capacity + segmentSlots - 1) >>> SEGMENT_SHIFT);
        this.segments = new MappedByteBuffer[n];
        for (int i = 0; i < n; i++) {
            long slots = Math.min(segmentSlots, capacity - (long) i * segmentSlots);
            segments[i] = channel.map(FileChannel.MapMode.READ_WRITE,
                    HEADER_BYTES + ((long) i << SEGMENT_SHIFT) * SLOT_BYTES, slots * SLOT_BYTES);
        }
    }

    /** A new, empty table (the file is created or truncated; it is sparse until slots are written). */
    static HashSlotTable create(Path file, long capacity, long checkpointHeight) {
        if (Long.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            ch.truncate(0);
            // Extending by writing the last byte makes the file sparse: untouched slots cost no disk.
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), HEADER_BYTES + capacity * SLOT_BYTES - 1);
            HashSlotTable t = new HashSlotTable(ch, capacity);
            t.header.putLong(OFF_MAGIC, MAGIC).putLong(OFF_VERSION, VERSION).putLong(OFF_CAPACITY, capacity)
                    .putLong(OFF_CHECKPOINT, checkpointHeight);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the tx hash index " + file, e);
        }
    }

    /**
     * Opens an existing table; throws {@link IllegalStateException} when the file is not one (wrong magic,
     * version or size), in which case the caller rebuilds it from the stored txs.
     */
    static HashSlotTable open(Path file) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = ch.size();
            if (size < HEADER_BYTES) {
                ch.close();
                throw new IllegalStateException("tx hash index " + file + " is truncated (" + size + " bytes)");
            }
            java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(32);
            ch.read(h, 0);
            long magic = h.getLong(OFF_MAGIC);
            long version = h.getLong(OFF_VERSION);
            long capacity = h.getLong(OFF_CAPACITY);
            if (magic != MAGIC || version != VERSION || Long.bitCount(capacity) != 1
                    || size != HEADER_BYTES + capacity * SLOT_BYTES) {
                ch.close();
                throw new IllegalStateException("tx hash index " + file + " has an unknown layout (magic "
                        + Long.toHexString(magic) + ", version " + version + ", capacity " + capacity + ", size " + size + ")");
            }
            HashSlotTable t = new HashSlotTable(ch, capacity);
            t.count = t.countUsed();
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the tx hash index " + file, e);
        }
    }

    private long countUsed() {
        long n = 0;
        for (long i = 0; i < capacity; i++) {
            if (position(i) != 0) {
                n++;
            }
        }
        return n;
    }

    long capacity() {
        return capacity;
    }

    long count() {
        return count;
    }

    long checkpointHeight() {
        return header.getLong(OFF_CHECKPOINT);
    }

    /**
     * Inserts (fingerprint, position) unless that exact pair is already present (replays after a crash
     * insert the same entries again). The caller grows the table before it gets too full.
     *
     * @return true when a slot was used
     */
    boolean put(long fingerprint, long position) {
        for (long i = fingerprint & mask; ; i = (i + 1) & mask) {
            long p = position(i);
            if (p == 0) {
                MappedByteBuffer seg = segments[(int) (i >>> SEGMENT_SHIFT)];
                int off = slotOffset(i);
                LONG.set(seg, off, fingerprint);
                LONG.setRelease(seg, off + 8, position);
                count++;
                return true;
            }
            if (p == position && fingerprint(i) == fingerprint) {
                return false;
            }
        }
    }

    /**
     * The first position stored under this fingerprint that {@code accept} confirms (the caller checks
     * the full hash against the tx at that position), or 0.
     */
    long find(long fingerprint, LongPredicate accept) {
        for (long i = fingerprint & mask; ; i = (i + 1) & mask) {
            long p = position(i);
            if (p == 0) {
                return 0;
            }
            if (fingerprint(i) == fingerprint && accept.test(p)) {
                return p;
            }
        }
    }

    /** Calls the consumer with every (fingerprint, position) pair, in slot order (used when growing). */
    void forEach(SlotConsumer consumer) {
        for (long i = 0; i < capacity; i++) {
            long p = position(i);
            if (p != 0) {
                consumer.accept(fingerprint(i), p);
            }
        }
    }

    interface SlotConsumer {
        void accept(long fingerprint, long position);
    }

    /** Writes every dirty page of the slots to disk, then records {@code height} as the checkpoint. */
    void forceAndCheckpoint(long height) {
        for (MappedByteBuffer s : segments) {
            s.force();
        }
        writeCheckpoint(height);
    }

    void writeCheckpoint(long height) {
        synchronized (header) {
            header.putLong(OFF_CHECKPOINT, height);
            header.force();
        }
    }

    void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long position(long slot) {
        return (long) LONG.getAcquire(segments[(int) (slot >>> SEGMENT_SHIFT)], slotOffset(slot) + 8);
    }

    private long fingerprint(long slot) {
        return (long) LONG.get(segments[(int) (slot >>> SEGMENT_SHIFT)], slotOffset(slot));
    }

    private static int slotOffset(long slot) {
        return (int) ((slot & ((1L << SEGMENT_SHIFT) - 1)) * SLOT_BYTES);
    }
}
