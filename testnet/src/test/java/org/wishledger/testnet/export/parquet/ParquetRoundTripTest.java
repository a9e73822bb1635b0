package org.wishledger.testnet.export.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.testnet.export.parquet.ParquetColumn.Kind;
import org.wishledger.testnet.export.parquet.ThriftCompactReader.Struct;

/** Files written by {@link ParquetFileWriter} read back to the same rows, and their footer says what the spec asks. */
class ParquetRoundTripTest {
    private static final List<ParquetColumn> COLUMNS = List.of(
            new ParquetColumn("id", Kind.STRING),
            new ParquetColumn("tags", Kind.STRING_LIST),
            new ParquetColumn("burn", Kind.UINT64),
            new ParquetColumn("index", Kind.UINT32));

    @Test
    void randomRowsRoundTripWithBothCodecs(@TempDir Path tmp) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            List<String> tags = new ArrayList<>();
            int n = random.nextInt(10) == 0 ? 20 + random.nextInt(5) : random.nextInt(3); // empty, short and long lists
            for (int t = 0; t < n; t++) {
                tags.add("tag-" + random.nextInt(50) + (random.nextBoolean() ? "é✓" : ""));
            }
            rows.add(new Object[] {"wish " + i + " ünïcødé " + "x".repeat(random.nextInt(300)), tags,
                    i == 7 ? -1L : random.nextLong(), i == 8 ? -1 : random.nextInt(Integer.MAX_VALUE)});
        }
        for (ParquetFileWriter.Codec codec : ParquetFileWriter.Codec.values()) {
            Path file = tmp.resolve(codec + ".parquet");
            try (var out = Files.newOutputStream(file)) {
                ParquetFileWriter.write(out, COLUMNS, rows, codec, Map.of("wishledger.height", "42"));
            }
            ParquetFileReader back = ParquetFileReader.open(file);
            assertEquals(COLUMNS, back.columns());
            assertEquals(rows.size(), back.numRows());
            assertEquals("42", back.metadata().get("wishledger.height"));
            List<Object[]> read = back.rows();
            assertEquals(rows.size(), read.size());
            for (int i = 0; i < rows.size(); i++) {
                assertArrayEquals(rows.get(i), read.get(i), "row " + i + " with " + codec + ", seed " + seed);
            }
        }
    }

    @Test
    void footerCarriesTheSchemaAndChunkOffsetsOfTheSpec() throws Exception {
        List<Object[]> rows = List.of(new Object[] {"a", List.of(), 1L, 2}, new Object[] {"b", List.of("x", "y"), 3L, 4});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParquetFileWriter.write(out, COLUMNS, rows, ParquetFileWriter.Codec.UNCOMPRESSED, Map.of());
        byte[] file = out.toByteArray();
        int n = file.length;
        int len = (file[n - 8] & 0xFF) | (file[n - 7] & 0xFF) << 8 | (file[n - 6] & 0xFF) << 16 | (file[n - 5] & 0xFF) << 24;
        ThriftCompactReader footer = new ThriftCompactReader(file, n - 8 - len);
        Struct meta = footer.readStruct();
        assertEquals(n - 8, footer.position(), "the footer ends right before its length");
        assertEquals(1, meta.i32(1), "version");
        List<Struct> schema = meta.list(2);
        assertEquals(1 + 1 + 3 + 1 + 1, schema.size(), "root, id, tags (group, list, element), burn, index");
        assertEquals(4, schema.get(0).i32(5), "root has 4 children");
        assertEquals(0, schema.get(1).i32(6), "id: converted type UTF8");
        assertEquals(3, schema.get(2).i32(6), "tags: converted type LIST");
        assertEquals(2, schema.get(3).i32(3), "tags.list is REPEATED");
        Struct intType = schema.get(5).struct(10).struct(10);
        assertEquals(64, intType.i32(1), "burn: INTEGER bit width");
        assertEquals(2L, meta.i64(3), "num_rows");
        Struct group = meta.<Struct>list(4).get(0);
        List<Struct> chunks = group.list(1);
        assertEquals(4, chunks.size());
        Struct tags = chunks.get(1).struct(3);
        assertEquals(List.of("tags", "list", "element"), tags.<byte[]>list(3).stream().map(String::new).toList());
        assertEquals(3L, tags.i64(5), "tags: one level entry for the empty list, two for x and y");
        long offset = tags.i64(9);
        Struct page = new ThriftCompactReader(file, (int) offset).readStruct();
        assertEquals(0, page.i32(1), "a DATA_PAGE");
        assertEquals(3, page.struct(5).i32(1), "its num_values");
        assertEquals(group.i64(5), chunks.get(0).struct(3).i64(9), "the row group starts at its first chunk");
        assertEquals(4L, chunks.get(0).struct(3).i64(9), "... right after the leading PAR1");
    }

    @Test
    void aTruncatedFileIsAClearError(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParquetFileWriter.write(out, COLUMNS, List.<Object[]>of(new Object[] {"a", List.of("t"), 1L, 2}),
                ParquetFileWriter.Codec.GZIP, Map.of());
        byte[] whole = out.toByteArray();
        Path cut = tmp.resolve("cut.parquet");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 3));
        assertThrows(IOException.class, () -> ParquetFileReader.open(cut));
        byte[] bad = whole.clone();
        bad[40] ^= 0x55; // inside the first page (gzip data or header): fails loudly, not a wrong row
        Path flipped = tmp.resolve("flipped.parquet");
        Files.write(flipped, bad);
        assertThrows(IOException.class, () -> ParquetFileReader.open(flipped).rows());
    }
}
