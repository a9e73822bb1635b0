package org.wishledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.proto.Tx;

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
            assertEquals(Set.of(marker, WarmupCorpus.file(data)), Set.copyOf(left.toList()),
                    "the scratch folder is removed, the signed corpus kept for the next start, nothing else touched");
        }
    }

    @Test
    void stopsAtTheWallTimeCap() {
        NodeWarmup.Result r = NodeWarmup.run(data, 1_000_000, 1);
        assertTrue(r.capped());
        assertTrue(r.blocks() <= 1, "at most the block under way when the cap passed: " + r);
    }

    /** The stop rule: quiet only once a whole window of blocks compiled for at most a tenth of its time. */
    @Test
    void theJitIsQuietOnlyAfterAWindowOfBlocksThatBarelyCompiled() {
        long[] compiled = {0};
        NodeWarmup.JitClock clock = new NodeWarmup.JitClock(() -> compiled[0]);
        long now = 0;
        for (int b = 0; b < NodeWarmup.WINDOW; b++) { // blocks of 100 ms that compiled for 50 ms each
            clock.blockStarts(now);
            compiled[0] += 50;
            now += 100_000_000L;
            clock.blockEnds(now);
            assertFalse(clock.quiet(), "block " + b + ": compiling half the time");
        }
        for (int b = 0; b < NodeWarmup.WINDOW - 1; b++) { // quiet blocks, but the window still holds a busy one
            clock.blockStarts(now);
            now += 100_000_000L;
            clock.blockEnds(now);
            assertFalse(clock.quiet(), "quiet block " + b + " of a window that still holds a busy one");
        }
        clock.blockStarts(now);
        compiled[0] += 5; // 5 ms of 100: under the 10% share
        now += 100_000_000L;
        clock.blockEnds(now);
        assertTrue(clock.quiet(), "a whole window at 5 ms per 400 ms: share " + clock.share());
        assertTrue(new NodeWarmup.JitClock(null).quiet(), "without the JVM's compilation clock: quiet at once");
    }

    @Test
    void aDamagedCorpusIsReSignedAndATamperedOneIsDeletedAfterAFailedWarmUp() throws Exception {
        Path file = WarmupCorpus.file(data);
        Files.write(file, new byte[] {1, 2, 3, 4, 5});
        NodeWarmup.Result r = NodeWarmup.run(data, 500, 60_000);
        assertEquals(500, r.txs(), "a damaged corpus is signed again and the warm-up runs: " + r);
        byte[] signed = Files.readAllBytes(file);
        assertTrue(signed.length > 100_000, "the re-signed corpus holds 2,000 txs: " + signed.length + " bytes");

        List<Tx> txs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Tx tx;
            while ((tx = Tx.parseDelimitedFrom(in)) != null) {
                txs.add(tx);
            }
        }
        byte[] sig = txs.get(0).getSignature().toByteArray();
        sig[40] ^= 1; // parses, counts right, does not verify
        txs.set(0, txs.get(0).toBuilder().setSignature(ByteString.copyFrom(sig)).build());
        try (OutputStream out = Files.newOutputStream(file)) {
            for (Tx tx : txs) {
                tx.writeDelimitedTo(out);
            }
        }
        NodeWarmup.Result failed = NodeWarmup.run(data, 500, 60_000);
        assertEquals(NodeWarmup.Stop.FAILED, failed.stop(), "a corpus that does not verify fails the warm-up: " + failed);
        assertFalse(Files.exists(file), "and is deleted, so the next start signs a fresh one");
        assertEquals(500, NodeWarmup.run(data, 500, 60_000).txs());
    }
}
