package org.wishledger.scoring.ann;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.concurrent.UnsafeBuffer;
import org.wishledger.scoring.score.Kernels;

/**
 * An inverted-file (IVF) index over the int8 scenario vectors: a {@link CoarseQuantiser} splits the rows into
 * {@code nlist} lists, and a gate query scans only the {@code nprobe} lists whose centroids are most similar to
 * the prompt, with the same int8 kernel and the same admission rule (threshold, weight > 0, top k) as the exact
 * int8 gate. No residuals, no product quantisation: a probed row's score is exactly its int8 score, so the only
 * loss is rows that sit in lists not probed.
 *
 * <p>Built once by {@link IvfBuilder}, then extended one row at a time ({@link #add(Int8Rows)}) as blocks commit:
 * each row goes to its nearest list's last chunk ({@link InvertedLists}). The centroids stay those of the
 * training; {@link #needsRetrain()} says when the ledger has grown {@link #RETRAIN_GROWTH}x since, at which point
 * the caller builds a fresh index (lists would otherwise grow long and the centroids drift from the data).
 *
 * <p>Files in its folder: {@code ivf.meta} (magic {@code WLIVF001}, version, shape, durable row and chunk
 * counts, rows trained on, model id), {@code ivf.centroids} (written once, before the meta) and
 * {@code ivf.lists} (the chunks). {@link #flush()} msyncs the chunks and only then the counts, as the vector store
 * does; on open, entries of rows past the durable count are cut off.
 *
 * <p>Threads: one writer (add, flush). A search must not run concurrently with an add (the node serialises
 * scoring with block application already, docs/scoring.md).
 */
public final class IvfIndex implements AutoCloseable {
    static final long MAGIC = 0x574C495646303031L; // "WLIVF001"
    static final int VERSION = 1;
    /** Retrain when the index holds this many times the rows its centroids were trained on. */
    public static final int RETRAIN_GROWTH = 4;
    private static final int META_BYTES = 4096;
    private static final int M_MAGIC = 0;
    private static final int M_VERSION = 8;
    private static final int M_DIMS = 12;
    private static final int M_NLIST = 16;
    private static final int M_CHUNK_ROWS = 20;
    private static final int M_REGION_SHIFT = 24;
    private static final int M_TOPS = 28;
    private static final int M_ROWS = 32;
    private static final int M_CHUNKS = 36;
    private static final int M_TRAINED = 40;
    private static final int M_MODEL_LEN = 44;
    private static final int M_MODEL = 48;
    private static final int MAX_MODEL_BYTES = 256;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private final Path dir; // null: in memory
    private final String modelId;
    private final int dims;
    private final CoarseQuantiser quantiser;
    private final InvertedLists lists;
    private final int trainedRows;
    private final int regionShift;
    private final byte[] rowBytes;
    private final float[] rowFloats;
    private int rows;

    private IvfIndex(Path dir, String modelId, CoarseQuantiser quantiser, InvertedLists lists, int trainedRows,
                     int regionShift, int rows) {
        this.dir = dir;
        this.modelId = modelId;
        this.dims = quantiser.dimensions();
        this.quantiser = quantiser;
        this.lists = lists;
        this.trainedRows = trainedRows;
        this.regionShift = regionShift;
        this.rowBytes = new byte[dims];
        this.rowFloats = new float[dims];
        this.rows = rows;
    }

    /** A new, empty index with trained centroids, in {@code dir} (created; null = anonymous memory). */
    static IvfIndex create(Path dir, String modelId, CoarseQuantiser q, int trainedRows, int chunkRows,
                           int regionShift) {
        if (modelId.getBytes(StandardCharsets.UTF_8).length > MAX_MODEL_BYTES) {
            throw new IllegalArgumentException("model id longer than " + MAX_MODEL_BYTES + " bytes");
        }
        try {
            FileChannel channel = null;
            if (dir != null) {
                Files.createDirectories(dir);
                for (String f : new String[] {"ivf.meta", "ivf.centroids", "ivf.lists"}) {
                    Files.deleteIfExists(dir.resolve(f));
                }
                writeCentroids(dir.resolve("ivf.centroids"), q);
                channel = FileChannel.open(dir.resolve("ivf.lists"), StandardOpenOption.CREATE,
                        StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            InvertedLists lists = new InvertedLists(q.dimensions(), q.lists(), chunkRows, regionShift, channel);
            IvfIndex index = new IvfIndex(dir, modelId, q, lists, trainedRows, regionShift, 0);
            index.writeMeta();
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create IVF index in " + dir, e);
        }
    }

    /**
     * Opens the index persisted in {@code dir}, or returns null when there is none or it was built for another
     * model or dimension count (the caller then builds one; the IVF is derived data).
     */
    public static IvfIndex open(Path dir, String modelId, int dims) {
        Path metaFile = dir.resolve("ivf.meta");
        if (!Files.exists(metaFile)) {
            return null;
        }
        try {
            byte[] bytes = Files.readAllBytes(metaFile);
            if (bytes.length < META_BYTES) {
                return null;
            }
            UnsafeBuffer m = new UnsafeBuffer(bytes);
            int len = m.getInt(M_MODEL_LEN);
            if (m.getLong(M_MAGIC) != MAGIC || m.getInt(M_VERSION) != VERSION || m.getInt(M_DIMS) != dims
                    || len < 0 || len > MAX_MODEL_BYTES || !m.getStringWithoutLengthUtf8(M_MODEL, len).equals(modelId)) {
                return null;
            }
            CoarseQuantiser q = readCentroids(dir.resolve("ivf.centroids"), dims, m.getInt(M_TOPS), m.getInt(M_NLIST));
            int shift = m.getInt(M_REGION_SHIFT);
            int rows = m.getInt(M_ROWS);
            FileChannel channel = FileChannel.open(dir.resolve("ivf.lists"), StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            InvertedLists lists = new InvertedLists(dims, q.lists(), m.getInt(M_CHUNK_ROWS), shift, channel);
            lists.recover(m.getInt(M_CHUNKS), rows);
            return new IvfIndex(dir, modelId, q, lists, m.getInt(M_TRAINED), shift, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open IVF index in " + dir, e);
        }
    }

    private static void writeCentroids(Path file, CoarseQuantiser q) throws IOException {
        int tops = q.tops();
        int dims = q.dimensions();
        long size = 4L * (tops + 1) + 4L * dims * (tops + q.lists());
        byte[] bytes = new byte[Math.toIntExact(size)];
        MemorySegment out = MemorySegment.ofArray(bytes);
        for (int t = 0; t <= tops; t++) {
            out.set(INT, 4L * t, q.leafStart(t));
        }
        MemorySegment.copy(q.topSegment(), 0, out, 4L * (tops + 1), 4L * dims * tops);
        MemorySegment.copy(q.leafSegment(), 0, out, 4L * (tops + 1) + 4L * dims * tops, 4L * dims * q.lists());
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static CoarseQuantiser readCentroids(Path file, int dims, int tops, int nlist) throws IOException {
        MemorySegment in = MemorySegment.ofArray(Files.readAllBytes(file));
        long expected = 4L * (tops + 1) + 4L * dims * (tops + nlist);
        if (in.byteSize() != expected) {
            throw new IOException("IVF centroid file has " + in.byteSize() + " bytes, expected " + expected);
        }
        int[] leafStart = new int[tops + 1];
        for (int t = 0; t <= tops; t++) {
            leafStart[t] = in.get(INT, 4L * t);
        }
        MemorySegment top = Arena.ofAuto().allocate(Math.max(4L, 4L * dims * tops), 64);
        MemorySegment leaves = Arena.ofAuto().allocate(Math.max(4L, 4L * dims * nlist), 64);
        MemorySegment.copy(in, 4L * (tops + 1), top, 0, 4L * dims * tops);
        MemorySegment.copy(in, 4L * (tops + 1) + 4L * dims * tops, leaves, 0, 4L * dims * nlist);
        return new CoarseQuantiser(dims, leafStart, top, leaves);
    }

    private void writeMeta() throws IOException {
        if (dir == null) {
            return;
        }
        byte[] bytes = new byte[META_BYTES];
        UnsafeBuffer m = new UnsafeBuffer(bytes);
        byte[] model = modelId.getBytes(StandardCharsets.UTF_8);
        m.putLong(M_MAGIC, MAGIC);
        m.putInt(M_VERSION, VERSION);
        m.putInt(M_DIMS, dims);
        m.putInt(M_NLIST, quantiser.lists());
        m.putInt(M_CHUNK_ROWS, lists.chunkRows());
        m.putInt(M_REGION_SHIFT, regionShift);
        m.putInt(M_TOPS, quantiser.tops());
        m.putInt(M_ROWS, rows);
        m.putInt(M_CHUNKS, lists.chunkCount());
        m.putInt(M_TRAINED, trainedRows);
        m.putInt(M_MODEL_LEN, model.length);
        m.putBytes(M_MODEL, model);
        // one 4 KiB write of a fixed-size file, then fsync: a torn meta fails the magic/length checks and the
        // index is rebuilt, never misread
        try (FileChannel ch = FileChannel.open(dir.resolve("ivf.meta"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b, b.position());
            }
            ch.force(true);
        }
    }

    public int dimensions() {
        return dims;
    }

    public String modelId() {
        return modelId;
    }

    /** Rows indexed: store rows {@code [0, rows())}. */
    public int rows() {
        return rows;
    }

    public int lists() {
        return quantiser.lists();
    }

    public int listSize(int list) {
        return lists.size(list);
    }

    /** cos(q, centroid of {@code list}): which lists a query probes (diagnostics; search does this itself). */
    public float centroidScore(int list, float[] q) {
        return quantiser.score(list, q);
    }

    /** Rows the centroids were trained on. */
    public int trainedRows() {
        return trainedRows;
    }

    /** True when the index has grown {@link #RETRAIN_GROWTH}x past the rows its centroids were trained on. */
    public boolean needsRetrain() {
        return rows >= (long) RETRAIN_GROWTH * Math.max(1, trainedRows);
    }

    /**
     * Memory the index holds: the chunk regions (mapped or allocated; a region is 2^shift chunks), the centroids
     * and the in-heap chunk chains.
     */
    public long memoryBytes() {
        long chunkBytes = InvertedLists.chunkBytes(dims, lists.chunkRows());
        long perRegion = 1L << regionShift;
        long regions = (lists.chunkCount() + perRegion - 1) / perRegion;
        long centroids = 4L * dims * (quantiser.tops() + quantiser.lists());
        return regions * perRegion * chunkBytes + centroids + 8L * lists.chunkCount() + 12L * lists.lists();
    }

    /** Appends store rows {@code [rows(), source.count())}, each to its nearest list. */
    public int add(Int8Rows source) {
        int target = source.count();
        int added = 0;
        for (int row = rows; row < target; row++) {
            float scale = source.read(row, rowBytes);
            addRow(row, rowBytes, scale);
            added++;
        }
        return added;
    }

    /** Appends one row; rows must come in order ({@code row == rows()}). */
    public void addRow(int row, byte[] q, float scale) {
        if (row != rows) {
            throw new IllegalArgumentException("IVF rows must be added in order: expected " + rows + ", got " + row);
        }
        for (int d = 0; d < dims; d++) {
            rowFloats[d] = q[d]; // the scale is positive and does not change which centroid is nearest
        }
        lists.append(quantiser.assign(rowFloats), row, q, scale);
        rows = row + 1;
    }

    /**
     * The approximate gate: the rows of the {@code nprobe} nearest lists whose int8 score reaches
     * {@code threshold} and whose burn is > 0 (all rows when {@code burns} is null; rows past its length never
     * vote), at most the {@code k} best ({@code k = 0}: no limit), into {@code s.admitted()}. nprobe >= lists()
     * scans everything: the exact int8 gate over the list layout.
     */
    public void search(float[] q, int k, float threshold, int nprobe, long[] burns, IvfScratch s) {
        if (q.length != dims) {
            throw new IllegalArgumentException("query must have " + dims + " dimensions");
        }
        if (nprobe < 1) {
            throw new IllegalArgumentException("nprobe must be >= 1");
        }
        TopK out = s.admitted();
        out.reset(k, threshold);
        int nlist = quantiser.lists();
        if (nprobe >= nlist) {
            for (int list = 0; list < nlist; list++) {
                scanList(list, q, burns, out);
            }
            return;
        }
        TopK probes = s.probes();
        quantiser.probe(q, nprobe, probes);
        for (int p = 0; p < probes.size(); p++) {
            scanList(probes.row(p), q, burns, out);
        }
    }

    private void scanList(int list, float[] q, long[] burns, TopK out) {
        long scales = lists.scalesOffset();
        long vectors = lists.vectorsOffset();
        long rowNumbers = InvertedLists.rowsOffset();
        float bar = out.bar();
        for (int c = lists.head(list); c >= 0; c = lists.next(c)) {
            MemorySegment seg = lists.segment(c);
            long base = lists.offset(c);
            int n = lists.used(c);
            for (int j = 0; j < n; j++) {
                float score = Kernels.dotInt8(seg, base + vectors + (long) j * dims, q, dims)
                        * seg.get(FLOAT, base + scales + 4L * j);
                if (score >= bar) {
                    int row = seg.get(INT, base + rowNumbers + 4L * j);
                    if (burns == null || (row < burns.length && burns[row] > 0)) {
                        out.offer(row, score);
                        bar = out.bar();
                    }
                }
            }
        }
    }

    /** Makes every added row durable: the chunks first, then the counts. */
    public void flush() {
        if (dir == null) {
            return;
        }
        lists.force();
        try {
            writeMeta();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write IVF meta in " + dir, e);
        }
    }

    @Override
    public void close() {
        flush();
        lists.close();
    }
}
