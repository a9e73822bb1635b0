package org.wishledger.testnet.export.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one Parquet file holding one row group: per column one chunk of one data page (v1, PLAIN values,
 * RLE levels), compressed with GZIP or not at all, then the FileMetaData footer in Thrift compact form.
 * Field numbers are parquet.thrift's (apache/parquet-format). Dependency-free on purpose: the Maven
 * Parquet writer needs Hadoop. One page per chunk keeps it small; a shard of the export is 10,000 rows,
 * a few MiB, well inside a page's int32 sizes.
 */
public final class ParquetFileWriter {
    public enum Codec {
        UNCOMPRESSED(0), GZIP(2);

        final int thrift;

        Codec(int thrift) {
            this.thrift = thrift;
        }
    }

    static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int PLAIN = 0;
    private static final int RLE = 3;
    private static final int DATA_PAGE = 0;
    private static final int REQUIRED = 0;
    private static final int REPEATED = 2;
    private static final int CONVERTED_UTF8 = 0;
    private static final int CONVERTED_LIST = 3;
    private static final int CONVERTED_UINT_32 = 13;
    private static final int CONVERTED_UINT_64 = 14;

    private ParquetFileWriter() {
    }

    /** Writes the whole file to {@code out} (not closed). {@code metadata} goes to key_value_metadata. */
    public static void write(OutputStream out, List<ParquetColumn> columns, List<Object[]> rows, Codec codec,
            Map<String, String> metadata) throws IOException {
        CountingOut file = new CountingOut(out);
        file.write(MAGIC);
        List<Chunk> chunks = new ArrayList<>();
        long rowGroupBytes = 0;
        long rowGroupCompressed = 0;
        long firstOffset = file.count;
        for (int c = 0; c < columns.size(); c++) {
            ParquetColumn col = columns.get(c);
            Page page = page(col, c, rows);
            byte[] body = codec == Codec.GZIP ? gzip(page.bytes) : page.bytes;
            byte[] header = new ThriftCompactWriter()
                    .i32(1, DATA_PAGE).i32(2, page.bytes.length).i32(3, body.length)
                    .struct(5).i32(1, page.values).i32(2, PLAIN).i32(3, RLE).i32(4, RLE).end()
                    .end().toByteArray();
            long offset = file.count;
            file.write(header);
            file.write(body);
            Chunk chunk = new Chunk(col, page.values, header.length + page.bytes.length, header.length + body.length, offset);
            rowGroupBytes += chunk.uncompressed;
            rowGroupCompressed += chunk.compressed;
            chunks.add(chunk);
        }
        ThriftCompactWriter meta = new ThriftCompactWriter().i32(1, 1);
        schema(meta, columns);
        meta.i64(3, rows.size());
        meta.list(4, ThriftCompactWriter.STRUCT, 1).begin().list(1, ThriftCompactWriter.STRUCT, chunks.size());
        for (Chunk chunk : chunks) {
            columnChunk(meta, chunk, codec);
        }
        meta.i64(2, rowGroupBytes).i64(3, rows.size()).i64(5, firstOffset).i64(6, rowGroupCompressed).end();
        meta.list(5, ThriftCompactWriter.STRUCT, metadata.size());
        for (Map.Entry<String, String> kv : metadata.entrySet()) {
            meta.begin().string(1, kv.getKey()).string(2, kv.getValue()).end();
        }
        meta.string(6, "wishledger export (dependency-free parquet writer)").end();
        byte[] footer = meta.toByteArray();
        file.write(footer);
        int n = footer.length;
        file.write(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
        file.write(MAGIC);
    }

    private record Chunk(ParquetColumn col, int values, long uncompressed, long compressed, long offset) {
    }

    private static void schema(ThriftCompactWriter w, List<ParquetColumn> columns) {
        int elements = 1;
        for (ParquetColumn c : columns) {
            elements += c.repeated() ? 3 : 1;
        }
        w.list(2, ThriftCompactWriter.STRUCT, elements);
        w.begin().string(4, "schema").i32(5, columns.size()).end();
        for (ParquetColumn c : columns) {
            switch (c.kind()) {
                case STRING -> stringLeaf(w, c.name());
                case UINT64 -> w.begin().i32(1, ParquetColumn.INT64).i32(3, REQUIRED).string(4, c.name())
                        .i32(6, CONVERTED_UINT_64).struct(10).struct(10).i8(1, 64).bool(2, false).end().end().end();
                case UINT32 -> w.begin().i32(1, ParquetColumn.INT32).i32(3, REQUIRED).string(4, c.name())
                        .i32(6, CONVERTED_UINT_32).struct(10).struct(10).i8(1, 32).bool(2, false).end().end().end();
                case STRING_LIST -> {
                    w.begin().i32(3, REQUIRED).string(4, c.name()).i32(5, 1).i32(6, CONVERTED_LIST)
                            .struct(10).struct(3).end().end().end();
                    w.begin().i32(3, REPEATED).string(4, "list").i32(5, 1).end();
                    stringLeaf(w, "element");
                }
            }
        }
    }

    private static void stringLeaf(ThriftCompactWriter w, String name) {
        w.begin().i32(1, ParquetColumn.BYTE_ARRAY).i32(3, REQUIRED).string(4, name)
                .i32(6, CONVERTED_UTF8).struct(10).struct(1).end().end().end();
    }

    /** A ColumnChunk struct as a list element, with its ColumnMetaData. */
    private static void columnChunk(ThriftCompactWriter w, Chunk c, Codec codec) {
        w.begin().i64(2, c.offset).struct(3).i32(1, c.col.physicalType());
        w.list(2, ThriftCompactWriter.I32, 2).i32Element(PLAIN).i32Element(RLE);
        List<String> path = path(c.col);
        w.list(3, ThriftCompactWriter.BINARY, path.size());
        path.forEach(w::stringElement);
        w.i32(4, codec.thrift).i64(5, c.values).i64(6, c.uncompressed).i64(7, c.compressed).i64(9, c.offset).end().end();
    }

    static List<String> path(ParquetColumn col) {
        return col.repeated() ? List.of(col.name(), "list", "element") : List.of(col.name());
    }

    private record Page(byte[] bytes, int values) {
    }

    /** The uncompressed page: repetition and definition levels (lists only), then the PLAIN values. */
    private static Page page(ParquetColumn col, int c, List<Object[]> rows) {
        ByteArrayOutputStream values = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!col.repeated()) {
            for (Object[] row : rows) {
                plain(col, row[c], values);
            }
            out.writeBytes(values.toByteArray());
            return new Page(out.toByteArray(), rows.size());
        }
        int[] rep = new int[Math.max(16, rows.size())];
        int[] def = new int[rep.length];
        int n = 0;
        for (Object[] row : rows) {
            @SuppressWarnings("unchecked")
            List<String> items = (List<String>) row[c];
            if (n + Math.max(1, items.size()) > rep.length) {
                rep = java.util.Arrays.copyOf(rep, Math.max(rep.length * 2, n + items.size()));
                def = java.util.Arrays.copyOf(def, rep.length);
            }
            if (items.isEmpty()) {
                rep[n] = 0;
                def[n++] = 0; // the list is there but holds nothing
            }
            for (int i = 0; i < items.size(); i++) {
                rep[n] = i == 0 ? 0 : 1; // 0 starts a new row, 1 continues its list
                def[n++] = 1;
                byteArray(items.get(i), values);
            }
        }
        RleLevels.write(rep, n, out);
        RleLevels.write(def, n, out);
        out.writeBytes(values.toByteArray());
        return new Page(out.toByteArray(), n);
    }

    private static void plain(ParquetColumn col, Object v, ByteArrayOutputStream out) {
        switch (col.kind()) {
            case STRING -> byteArray((String) v, out);
            case UINT64 -> {
                long x = (Long) v;
                for (int i = 0; i < 8; i++) {
                    out.write((int) (x >>> (8 * i)));
                }
            }
            case UINT32 -> {
                int x = (Integer) v;
                for (int i = 0; i < 4; i++) {
                    out.write(x >>> (8 * i));
                }
            }
            case STRING_LIST -> throw new IllegalStateException("lists have levels");
        }
    }

    private static void byteArray(String s, ByteArrayOutputStream out) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = b.length;
        out.write(n);
        out.write(n >>> 8);
        out.write(n >>> 16);
        out.write(n >>> 24);
        out.write(b, 0, n);
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 3 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        }
        return out.toByteArray();
    }

    /** Counts what went out, for the offsets the footer records. */
    private static final class CountingOut {
        private final OutputStream out;
        long count;

        CountingOut(OutputStream out) {
            this.out = out;
        }

        void write(byte[] b) throws IOException {
            out.write(b);
            count += b.length;
        }
    }
}
