package org.wishledger.scoring.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.agrona.collections.Object2IntHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.wishledger.scoring.WishInput;

/**
 * Persistent, append-only store of wish embeddings, keyed by wish id and model id: for every wish the unit vectors of
 * its scenario, desired and undesired texts (the zero vector when there is no undesired text, so that
 * {@code dot(r, desired) - dot(r, undesired)} needs no branch) and an int8 copy of the scenario vector with a
 * per-vector scale (for the 4x-cheaper gate pass).
 *
 * <p>Files in the store's folder: {@code meta} (magic, version, model id, dimensions, durable row count),
 * {@code ids}, {@code scenario.f32}, {@code desired.f32}, {@code undesired.f32}, {@code scenario.i8},
 * {@code scenario.scale}. Crash safety: rows are written first; {@link #flush()} msyncs them and only then writes
 * the durable count into {@code meta} and msyncs it. On open the count in {@code meta} is trusted and anything
 * after it (a half-written row of a crashed process) is overwritten by the next append: at worst the wishes since
 * the last flush are embedded again. A store built by another model id or dimension count is discarded and
 * rebuilt.
 *
 * <p>Threads: one writer (append/flush); any number of readers scanning rows {@code [0, count())}. Readers must stop
 * before {@link #close()}.
 */
public final class VectorStore implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VectorStore.class);
    static final long MAGIC = 0x574C564543533031L; // "WLVECS01"
    static final int VERSION = 1;
    private static final int META_BYTES = 4096;
    private static final int META_MAGIC = 0;
    private static final int META_VERSION = 8;
    private static final int META_DIMS = 12;
    private static final int META_SHIFT = 16;
    private static final int META_MODEL_LEN = 20;
    private static final int META_MODEL = 24;
    private static final int MAX_MODEL_ID_BYTES = 256;
    private static final int META_COUNT = 512;

    /** ids column: [0] id length, [1] flags, [8, 8 + 32) id bytes. */
    private static final int ID_STRIDE = 40;
    private static final int ID_BYTES_OFFSET = 8;
    public static final int FLAG_HAS_UNDESIRED = 1;
    public static final int DEFAULT_ROWS_PER_REGION_SHIFT = 16;
    private static final List<String> FILES =
            List.of("meta", "ids", "scenario.f32", "desired.f32", "undesired.f32", "scenario.i8", "scenario.scale");

    private final String modelId;
    private final int dims;
    private final Path dir; // null when in memory
    private final UnsafeBuffer meta;
    private final Column metaColumn;
    private final Column ids;
    private final Column scenario;
    private final Column desired;
    private final Column undesired;
    private final Column scenarioI8;
    private final Column scenarioScale;
    private final Object2IntHashMap<IdKey> rowById = new Object2IntHashMap<>(-1);
    private final boolean rebuilt;
    private volatile int count;
    private int durableCount;

    private VectorStore(String modelId, int dims, int shift, Path dir) throws IOException {
        if (modelId.getBytes(StandardCharsets.UTF_8).length > MAX_MODEL_ID_BYTES) {
            throw new IllegalArgumentException("model id longer than " + MAX_MODEL_ID_BYTES + " bytes");
        }
        this.modelId = modelId;
        this.dims = dims;
        this.dir = dir;
        boolean discarded = false;
        if (dir != null) {
            Files.createDirectories(dir);
            discarded = discardIfIncompatible(dir, modelId, dims, shift);
        }
        this.rebuilt = discarded;
        // meta lives in a 1-row column so that it is mapped and forced like the others
        this.metaColumn = new Column("meta", META_BYTES, 0, channel("meta"));
        this.meta = metaColumn.bufferFor(0);
        this.ids = new Column("ids", ID_STRIDE, shift, channel("ids"));
        this.scenario = new Column("scenario.f32", 4L * dims, shift, channel("scenario.f32"));
        this.desired = new Column("desired.f32", 4L * dims, shift, channel("desired.f32"));
        this.undesired = new Column("undesired.f32", 4L * dims, shift, channel("undesired.f32"));
        this.scenarioI8 = new Column("scenario.i8", dims, shift, channel("scenario.i8"));
        this.scenarioScale = new Column("scenario.scale", 4, shift, channel("scenario.scale"));
        if (meta.getLong(META_MAGIC) != MAGIC) {
            writeHeader(shift);
        }
        int stored = Math.toIntExact(meta.getLong(META_COUNT));
        if (stored > 0) {
            for (Column c : dataColumns()) {
                c.bufferFor(stored - 1); // map every region holding stored rows before any reader scans them
            }
        }
        for (int row = 0; row < stored; row++) {
            rowById.put(new IdKey(idAt(row)), row);
        }
        this.count = stored;
        this.durableCount = stored;
    }

    /** Opens (or creates) the store in {@code dir}; rebuilds it empty if it was made by another model or size. */
    public static VectorStore open(Path dir, String modelId, int dims) {
        return open(dir, modelId, dims, DEFAULT_ROWS_PER_REGION_SHIFT);
    }

    public static VectorStore open(Path dir, String modelId, int dims, int rowsPerRegionShift) {
        try {
            return new VectorStore(modelId, dims, rowsPerRegionShift, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open vector store " + dir, e);
        }
    }

    /** A store in anonymous off-heap memory (benchmarks, tests, throw-away evaluations). */
    public static VectorStore inMemory(String modelId, int dims, int rowsPerRegionShift) {
        try {
            return new VectorStore(modelId, dims, rowsPerRegionShift, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FileChannel channel(String file) throws IOException {
        if (dir == null) {
            return null;
        }
        return FileChannel.open(dir.resolve(file), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    private static boolean discardIfIncompatible(Path dir, String modelId, int dims, int shift) throws IOException {
        Path metaFile = dir.resolve("meta");
        if (!Files.exists(metaFile)) {
            return false;
        }
        String reason = null;
        byte[] bytes = Files.readAllBytes(metaFile);
        if (bytes.length < META_BYTES) {
            reason = "truncated meta file";
        } else {
            UnsafeBuffer m = new UnsafeBuffer(bytes);
            int len = m.getInt(META_MODEL_LEN);
            if (m.getLong(META_MAGIC) != MAGIC || m.getInt(META_VERSION) != VERSION) {
                reason = "unknown format";
            } else if (len < 0 || len > MAX_MODEL_ID_BYTES) {
                reason = "corrupt model id";
            } else {
                String storedModel = m.getStringWithoutLengthUtf8(META_MODEL, len);
                if (!storedModel.equals(modelId)) {
                    reason = "model changed from " + storedModel + " to " + modelId;
                } else if (m.getInt(META_DIMS) != dims) {
                    reason = "dimensions changed from " + m.getInt(META_DIMS) + " to " + dims;
                } else if (m.getInt(META_SHIFT) != shift) {
                    reason = "region size changed";
                }
            }
        }
        if (reason == null) {
            return false;
        }
        LOG.info("rebuilding embedding store {}: {}", dir, reason);
        for (String f : FILES) {
            Files.deleteIfExists(dir.resolve(f));
        }
        return true;
    }

    private void writeHeader(int shift) {
        meta.setMemory(0, META_BYTES, (byte) 0);
        byte[] model = modelId.getBytes(StandardCharsets.UTF_8);
        meta.putInt(META_VERSION, VERSION);
        meta.putInt(META_DIMS, dims);
        meta.putInt(META_SHIFT, shift);
        meta.putInt(META_MODEL_LEN, model.length);
        meta.putBytes(META_MODEL, model);
        meta.putLong(META_COUNT, 0);
        meta.putLongVolatile(META_MAGIC, MAGIC);
        metaColumn.force(0, 1);
    }

    public String modelId() {
        return modelId;
    }

    public int dimensions() {
        return dims;
    }

    /** True when open() found a store of another model (or size) and started over. */
    public boolean rebuilt() {
        return rebuilt;
    }

    /** Rows appended so far (readers may scan [0, count)). */
    public int count() {
        return count;
    }

    /** Rows that survive a crash (written before the last {@link #flush()}). */
    public int durableCount() {
        return durableCount;
    }

    /** The row holding {@code id}, or -1. */
    public int rowOf(byte[] id) {
        return rowById.getValue(new IdKey(id));
    }

    public boolean contains(byte[] id) {
        return rowOf(id) >= 0;
    }

    /**
     * Appends the vectors of one wish (unit vectors of length {@link #dimensions()}; {@code undesired} null when the
     * wish has none) and returns its row; an id already stored returns its existing row unchanged.
     */
    public int append(byte[] id, float[] scenarioVec, float[] desiredVec, float[] undesiredVec) {
        if (id.length == 0 || id.length > WishInput.MAX_ID_BYTES) {
            throw new IllegalArgumentException("wish id must be 1.." + WishInput.MAX_ID_BYTES + " bytes");
        }
        checkLength(scenarioVec, "scenario");
        checkLength(desiredVec, "desired");
        if (undesiredVec != null) {
            checkLength(undesiredVec, "undesired");
        }
        IdKey key = new IdKey(id.clone());
        int existing = rowById.getValue(key);
        if (existing >= 0) {
            return existing;
        }
        int row = count;
        writeFloats(scenario, row, scenarioVec);
        writeFloats(desired, row, desiredVec);
        writeFloats(undesired, row, undesiredVec);
        writeInt8(row, scenarioVec);
        UnsafeBuffer idBuf = ids.bufferFor(row);
        int idOff = ids.bufferOffset(row);
        idBuf.setMemory(idOff, ID_STRIDE, (byte) 0);
        idBuf.putByte(idOff, (byte) id.length);
        idBuf.putByte(idOff + 1, (byte) (undesiredVec != null ? FLAG_HAS_UNDESIRED : 0));
        idBuf.putBytes(idOff + ID_BYTES_OFFSET, id);
        rowById.put(key, row);
        count = row + 1; // volatile write publishes the row to scanning threads
        return row;
    }

    private void checkLength(float[] v, String what) {
        if (v == null || v.length != dims) {
            throw new IllegalArgumentException(what + " vector must have " + dims + " dimensions");
        }
    }

    private void writeFloats(Column column, int row, float[] v) {
        UnsafeBuffer buf = column.bufferFor(row);
        int off = column.bufferOffset(row);
        if (v == null) {
            buf.setMemory(off, 4 * dims, (byte) 0);
            return;
        }
        for (int i = 0; i < dims; i++) {
            buf.putFloat(off + 4 * i, v[i]);
        }
    }

    /** Symmetric int8: q = round(x / scale), scale = max|x| / 127, so x ~ q * scale. */
    private void writeInt8(int row, float[] v) {
        float max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        float scale = max == 0 ? 0 : max / 127f;
        float inv = max == 0 ? 0 : 127f / max;
        UnsafeBuffer buf = scenarioI8.bufferFor(row);
        int off = scenarioI8.bufferOffset(row);
        for (int i = 0; i < dims; i++) {
            float x = v[i] * inv; // in [-127, 127]; round half away from zero
            buf.putByte(off + i, (byte) (int) (x + (x >= 0 ? 0.5f : -0.5f)));
        }
        scenarioScale.bufferFor(row).putFloat(scenarioScale.bufferOffset(row), scale);
    }

    /** Makes every appended row durable, then records the durable count (data first, count second). */
    public void flush() {
        int rows = count;
        if (rows == durableCount) {
            return;
        }
        for (Column c : dataColumns()) {
            c.force(durableCount, rows);
        }
        meta.putLongVolatile(META_COUNT, rows);
        metaColumn.force(0, 1);
        durableCount = rows;
    }

    private List<Column> dataColumns() {
        return List.of(ids, scenario, desired, undesired, scenarioI8, scenarioScale);
    }

    public byte[] idAt(int row) {
        UnsafeBuffer buf = ids.bufferFor(row);
        int off = ids.bufferOffset(row);
        byte[] id = new byte[buf.getByte(off)];
        buf.getBytes(off + ID_BYTES_OFFSET, id);
        return id;
    }

    public boolean hasUndesired(int row) {
        return (ids.bufferFor(row).getByte(ids.bufferOffset(row) + 1) & FLAG_HAS_UNDESIRED) != 0;
    }

    /** Copies a stored vector into {@code out} (not for hot loops: the kernels read the columns directly). */
    public void read(Column column, int row, float[] out) {
        UnsafeBuffer buf = column.bufferFor(row);
        int off = column.bufferOffset(row);
        for (int i = 0; i < dims; i++) {
            out[i] = buf.getFloat(off + 4 * i);
        }
    }

    /** The int8 copy of a scenario vector, dequantised (q * scale) into {@code out}; for accuracy checks. */
    public void readScenarioInt8(int row, float[] out) {
        UnsafeBuffer buf = scenarioI8.bufferFor(row);
        int off = scenarioI8.bufferOffset(row);
        float scale = scenarioScale.bufferFor(row).getFloat(scenarioScale.bufferOffset(row));
        for (int i = 0; i < dims; i++) {
            out[i] = buf.getByte(off + i) * scale;
        }
    }

    public Column scenario() {
        return scenario;
    }

    public Column desired() {
        return desired;
    }

    public Column undesired() {
        return undesired;
    }

    public Column scenarioInt8() {
        return scenarioI8;
    }

    public Column scenarioScale() {
        return scenarioScale;
    }

    @Override
    public void close() {
        if (dir != null) {
            flush();
        }
        for (Column c : dataColumns()) {
            c.close();
        }
        metaColumn.close();
    }

    /** Byte-array key with value semantics for the id map (off the hot path). */
    private record IdKey(byte[] id) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdKey k && Arrays.equals(id, k.id);
        }

        /** FNV-1a over all bytes, then a murmur finaliser: short sequential ids must not collide the way
         *  {@code Arrays.hashCode} makes them (31-polynomial over bytes). */
        @Override
        public int hashCode() {
            long h = 0xcbf29ce484222325L;
            for (byte b : id) {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            return (int) h;
        }
    }
}
