package org.wishledger.testnet.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
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
        ExportState done = new DatasetExport(rpc, whole, ROWS_PER_SHARD, line -> { }).run();
        assertEquals(HEIGHTS * WISHES_PER_BLOCK, done.rows);

        Path resumed = tmp.resolve("resumed");
        int[] shards = {0};
        RuntimeException killed = new RuntimeException("killed");
        assertThrows(RuntimeException.class, () -> new DatasetExport(rpc, resumed, ROWS_PER_SHARD, line -> {
            if (line.contains("wishes exported") && ++shards[0] == 2) {
                throw killed; // dies right after the second shard, before the state file records it
            }
        }).run());
        ExportState again = new DatasetExport(rpc, resumed, ROWS_PER_SHARD, line -> { }).run();
        assertEquals(done.rows, again.rows);
        assertEquals(done.shards, again.shards);
        assertEquals(rows(whole), rows(resumed), "same rows in the same order");
        assertTrue(Files.readString(resumed.resolve("README.md")).contains("num_examples: " + done.rows));
    }

    private static List<String> rows(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        List<Path> shards;
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            shards = files.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList();
        }
        for (Path shard : shards) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(shard)), StandardCharsets.UTF_8))) {
                in.lines().forEach(out::add);
            }
        }
        return out;
    }
}
