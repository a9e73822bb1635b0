package org.wishledger.testnet.export.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.wishledger.testnet.export.parquet.ThriftCompactReader.Struct;

/**
 * Reads back the files {@link ParquetFileWriter} writes (and other files restricted to the same subset:
 * flat STRING / unsigned INTEGER columns and three-level string LISTs, PLAIN data pages v1, UNCOMPRESSED or
 * GZIP). `export verify` reads parquet exports with it; anything outside the subset is a clear IOException,
 * never a wrong row.
 */
public final class ParquetFileReader {
    private final byte[] file;
    private final Struct meta;
    private final List<ParquetColumn> columns = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private ParquetFileReader(byte[] file) throws IOException {
        this.file = file;
        int n = file.length;
        byte[] magic = ParquetFileWriter.MAGIC;
        if (n < 12 || !Arrays.equals(Arrays.copyOf(file, 4), magic) || !Arrays.equals(Arrays.copyOfRange(file, n - 4, n), magic)) {
            throw new IOException("not a parquet file (no PAR1 at both ends)");
        }
        int len = (file[n - 8] & 0xFF) | (file[n - 7] & 0xFF) << 8 | (file[n - 6] & 0xFF) << 16 | (file[n - 5] & 0xFF) << 24;
        if (len <= 0 || len > n - 12) {
            throw new IOException("parquet footer length " + len + " does not fit a file of " + n + " bytes");
        }
        meta = new ThriftCompactReader(file, n - 8 - len).readStruct();
        readSchema(meta.list(2));
        if (meta.has(5)) {
            for (Struct kv : meta.<Struct>list(5)) {
                metadata.put(kv.string(1), kv.has(2) ? kv.string(2) : "");
            }
        }
    }

    public static ParquetFileReader open(Path path) throws IOException {
        return new ParquetFileReader(Files.readAllBytes(path));
    }

    public List<ParquetColumn> columns() {
        return columns;
    }

    public long numRows() throws IOException {
        return meta.i64(3);
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    private void readSchema(List<Struct> schema) throws IOException {
        int children = schema.get(0).i32(5);
        int i = 1;
        for (int c = 0; c < children; c++) {
            Struct e = schema.get(i);
            String name = e.string(4);
            if (e.has(5)) {
                Struct list = i + 2 < schema.size() ? schema.get(i + 1) : null;
                if (!e.has(6) || e.i32(6) != 3 || list == null || list.i32(3) != 2 || schema.get(i + 2).i64(1) != ParquetColumn.BYTE_ARRAY) {
                    throw new IOException("column " + name + ": only three-level lists of strings are supported");
                }
                columns.add(new ParquetColumn(name, ParquetColumn.Kind.STRING_LIST));
                i += 3;
                continue;
            }
            if (e.has(3) && e.i32(3) != 0) {
                throw new IOException("column " + name + ": only required columns are supported");
            }
            int type = e.i32(1);
            ParquetColumn.Kind kind = switch (type) {
                case ParquetColumn.BYTE_ARRAY -> ParquetColumn.Kind.STRING;
                case ParquetColumn.INT64 -> ParquetColumn.Kind.UINT64;
                case ParquetColumn.INT32 -> ParquetColumn.Kind.UINT32;
                default -> throw new IOException("column " + name + " has physical type " + type + ", not supported");
            };
            columns.add(new ParquetColumn(name, kind));
            i++;
        }
    }

    /** Every row of every row group, in order; values as {@link ParquetColumn} describes. */
    public List<Object[]> rows() throws IOException {
        List<Object[]> rows = new ArrayList<>();
        for (Struct group : meta.<Struct>list(4)) {
            int n = Math.toIntExact(group.i64(3));
            List<Struct> chunks = group.list(1);
            if (chunks.size() != columns.size()) {
                throw new IOException("a row group has " + chunks.size() + " column chunks for " + columns.size() + " columns");
            }
            Object[][] block = new Object[n][columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                readChunk(columns.get(c), chunks.get(c).struct(3), block, c);
            }
            rows.addAll(Arrays.asList(block));
        }
        return rows;
    }

    private void readChunk(ParquetColumn col, Struct cm, Object[][] rows, int c) throws IOException {
        if (cm.has(11)) {
            throw new IOException("column " + col.name() + " is dictionary-encoded, not supported");
        }
        int codec = cm.i32(4);
        long total = cm.i64(5);
        int pos = Math.toIntExact(cm.i64(9));
        long read = 0;
        int row = -1;
        while (read < total) {
            ThriftCompactReader r = new ThriftCompactReader(file, pos);
            Struct header = r.readStruct();
            if (header.i32(1) != 0) {
                throw new IOException("column " + col.name() + ": page type " + header.i32(1) + " (only data page v1 is supported)");
            }
            int compressed = header.i32(3);
            int start = r.position();
            byte[] page = body(Arrays.copyOfRange(file, start, start + compressed), codec, header.i32(2));
            Struct dph = header.struct(5);
            int values = dph.i32(1);
            if (dph.i32(2) != 0) {
                throw new IOException("column " + col.name() + ": encoding " + dph.i32(2) + " (only PLAIN is supported)");
            }
            row = decodePage(col, page, values, rows, c, row);
            read += values;
            pos = start + compressed;
        }
    }

    private static byte[] body(byte[] stored, int codec, int size) throws IOException {
        byte[] raw = switch (codec) {
            case 0 -> stored;
            case 2 -> new GZIPInputStream(new ByteArrayInputStream(stored)).readAllBytes();
            default -> throw new IOException("compression codec " + codec + " is not supported (UNCOMPRESSED or GZIP)");
        };
        if (raw.length != size) {
            throw new IOException("a page inflates to " + raw.length + " bytes, its header says " + size);
        }
        return raw;
    }

    /** Fills column c from one page; returns the index of the last row touched (lists span pages). */
    private static int decodePage(ParquetColumn col, byte[] page, int values, Object[][] rows, int c, int row)
            throws IOException {
        int p = 0;
        if (!col.repeated()) {
            for (int i = 0; i < values; i++) {
                row++;
                if (row >= rows.length) {
                    throw new IOException("column " + col.name() + " holds more values than the row group's rows");
                }
                switch (col.kind()) {
                    case STRING -> {
                        rows[row][c] = string(page, p);
                        p += 4 + i32(page, p);
                    }
                    case UINT64 -> {
                        if (p + 8 > page.length) {
                            throw new IOException("a value runs past its page");
                        }
                        long v = 0;
                        for (int k = 7; k >= 0; k--) {
                            v = v << 8 | (page[p + k] & 0xFF);
                        }
                        rows[row][c] = v;
                        p += 8;
                    }
                    case UINT32 -> {
                        rows[row][c] = i32(page, p);
                        p += 4;
                    }
                    default -> throw new IllegalStateException();
                }
            }
            return row;
        }
        int[] rep = new int[values];
        int[] def = new int[values];
        p = RleLevels.read(page, p, rep, values);
        p = RleLevels.read(page, p, def, values);
        for (int i = 0; i < values; i++) {
            if (rep[i] == 0) {
                row++;
                if (row >= rows.length) {
                    throw new IOException("column " + col.name() + " holds more lists than the row group's rows");
                }
                rows[row][c] = new ArrayList<String>();
            } else if (row < 0) {
                throw new IOException("column " + col.name() + " continues a list before any started");
            }
            if (def[i] == 1) {
                @SuppressWarnings("unchecked")
                List<String> items = (List<String>) rows[row][c];
                items.add(string(page, p));
                p += 4 + i32(page, p);
            }
        }
        return row;
    }

    private static String string(byte[] page, int p) throws IOException {
        int len = i32(page, p);
        if (len < 0 || p + 4 + len > page.length) {
            throw new IOException("a string of " + len + " bytes runs past its page");
        }
        return new String(page, p + 4, len, StandardCharsets.UTF_8);
    }

    private static int i32(byte[] b, int p) throws IOException {
        if (p + 4 > b.length) {
            throw new IOException("a value runs past its page");
        }
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }
}
