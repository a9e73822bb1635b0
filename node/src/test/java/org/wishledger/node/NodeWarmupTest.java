package org.wishledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeWarmupTest {
    @TempDir
    Path data;

    @Test
    void runsTheHotPathsOnAScratchChainAndLeavesNothingBehind() throws Exception {
        Path marker = Files.writeString(data.resolve("keep-me"), "the node's own data");
        NodeWarmup.Result r = NodeWarmup.run(data, Integer.getInteger("warmupTestTxs", 2_000), 60_000);
        System.out.println("warm-up " + r);
        assertEquals((int) Integer.getInteger("warmupTestTxs", 2_000), r.txs(), "every tx was admitted, proposed, validated and applied");
        assertEquals(r.txs() / 500, r.blocks());
        assertEquals(NodeWarmup.Stop.MAX_TXS, r.stop());
        try (Stream<Path> left = Files.list(data)) {
            assertEquals(java.util.Set.of(marker, WarmupCorpus.file(data)), java.util.Set.copyOf(left.toList()),
                    "the scratch folder is removed, the signed corpus kept for the next start, nothing else touched");
        }
    }

    @Test
    void stopsAtTheWallTimeCap() {
        NodeWarmup.Result r = NodeWarmup.run(data, 1_000_000, 1);
        assertTrue(r.capped());
        assertTrue(r.blocks() <= 1, "at most the block under way when the cap passed: " + r);
    }
}
