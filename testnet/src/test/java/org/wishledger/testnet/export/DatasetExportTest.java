package org.wishledger.testnet.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.client.RpcClient;
import org.wishledger.node.rpc.FakeBackend;
import org.wishledger.node.rpc.RpcConfig;
import org.wishledger.node.rpc.RpcServer;

/** An export stopped after two shards resumes where it stopped and ends with the rows of an uninterrupted one. */
class DatasetExportTest {
    private static final int HEIGHTS = 40;
    private static final int WISHES_PER_BLOCK = 3;
    private static final int ROWS_PER_SHARD = 25;

    private RpcServer server;
    private RpcClient rpc;

    @BeforeEach
    void start() throws Exception {
        server = RpcServer.start(RpcConfig.loopback(0), new FakeBackend(HEIGHTS, WISHES_PER_BLOCK));
        rpc = new RpcClient(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anInterruptedExportResumesAndMatchesAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole");
        ExportState done = new DatasetExport(rpc, whole, ExportFormat.JSONL, ROWS_PER_SHARD, line -> { }).run();
        assertEquals(HEIGHTS * WISHES_PER_BLOCK, done.rows);

        Path resumed = tmp.resolve("resumed");
        int[] shards = {0};
        RuntimeException killed = new RuntimeException("killed");
        assertThrows(RuntimeException.class, () -> new DatasetExport(rpc, resumed, ExportFormat.JSONL, ROWS_PER_SHARD, line -> {
            if (line.contains("wishes exported") && ++shards[0] == 2) {
                throw killed; // dies right after the second shard, before the state file records it
            }
        }).run());
        ExportState again = new DatasetExport(rpc, resumed, ExportFormat.JSONL, ROWS_PER_SHARD, line -> { }).run();
        assertEquals(done.rows, again.rows);
        assertEquals(done.shards, again.shards);
        assertEquals(rows(whole), rows(resumed), "same rows in the same order");
        assertTrue(Files.readString(resumed.resolve("README.md")).contains("num_examples: " + done.rows));
    }

    @Test
    void aParquetExportResumesAndHoldsTheRowsOfTheJsonlOne(@TempDir Path tmp) throws Exception {
        Path jsonl = tmp.resolve("jsonl");
        new DatasetExport(rpc, jsonl, ExportFormat.JSONL, ROWS_PER_SHARD, line -> { }).run();
        Path parquet = tmp.resolve("parquet");
        int[] shards = {0};
        assertThrows(RuntimeException.class, () -> new DatasetExport(rpc, parquet, ExportFormat.PARQUET, ROWS_PER_SHARD, line -> {
            if (line.contains("wishes exported") && ++shards[0] == 3) {
                throw new RuntimeException("killed");
            }
        }).run());
        assertThrows(java.io.IOException.class, () -> new DatasetExport(rpc, parquet, ExportFormat.JSONL, ROWS_PER_SHARD,
                line -> { }).run(), "a parquet export is not resumed as jsonl");
        ExportState done = new DatasetExport(rpc, parquet, ExportFormat.PARQUET, ROWS_PER_SHARD, line -> { }).run();
        assertEquals(HEIGHTS * WISHES_PER_BLOCK, done.rows);
        assertEquals(rows(jsonl), rowsOf(parquet, ExportFormat.PARQUET), "same rows, same order, same values");
        String card = Files.readString(parquet.resolve("README.md"));
        assertTrue(card.contains("path: data/train-*.parquet"), card);
        assertTrue(card.contains("Parquet files"), card);
    }

    /** The rows of an export as JSON text, read through the format's own reader. */
    private static List<String> rowsOf(Path dir, ExportFormat format) throws Exception {
        List<String> out = new ArrayList<>();
        List<Path> shards;
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            shards = files.filter(p -> p.toString().endsWith(format.suffix)).sorted().toList();
        }
        for (Path shard : shards) {
            format.read(shard, (where, row) -> out.add(row.toString()));
        }
        return out;
    }

    private static List<String> rows(Path dir) throws Exception {
        return rowsOf(dir, ExportFormat.JSONL);
    }
}
