package org.wishledger.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.store.LedgerStore;

/**
 * Crash consistency with real processes: a child JVM applies blocks to an LMDB store and is killed with
 * SIGKILL (Process.destroyForcibly) at random moments, at least 20 times. After every kill the store is
 * reopened: it must be exactly at a block boundary, hold every block the child reported as committed,
 * and its app hash must equal the one the same height produced in a clean, uninterrupted run. The next
 * child resumes from there, so kills land at every stage of the chain. Rerun with -Dwishledger.seed=N.
 */
class CrashConsistencyTest {
    private static final int BLOCKS = 120;
    private static final int TXS_PER_BLOCK = 60;
    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void killedWritersLeaveTheStoreAtABlockBoundary() throws Exception {
        long seed = Long.getLong("wishledger.seed", System.nanoTime());
        String ctx = "[seed " + seed + ", rerun with -Dwishledger.seed=" + seed + "] ";
        Random rnd = new Random(seed);
        TestChain chain = new TestChain(CrashChild.VALIDATORS, CrashChild.ACCOUNTS);

        // The workload, generated (and signed) once, and the clean reference run.
        Workload work = new Workload(chain, seed);
        List<List<Tx>> blocks = new ArrayList<>();
        for (int h = 1; h <= BLOCKS; h++) {
            List<Tx> txs = new ArrayList<>();
            for (int i = 0; i < TXS_PER_BLOCK; i++) {
                txs.add(work.valid());
            }
            work.endBlock(chain.validators.get(h % CrashChild.VALIDATORS).address());
            blocks.add(txs);
        }
        Path blocksFile = dir.resolve("blocks.bin");
        CrashChild.writeBlocks(blocksFile, blocks);
        List<String> expected = new ArrayList<>();
        try (LedgerStore clean = LedgerStore.open(dir.resolve("clean"))) {
            Rules.initGenesis(clean, chain.genesis);
            expected.add(Hex.encode(clean.appHash()));
            CrashChild.run(chain, clean, blocks, line -> expected.add(line.split(" ")[2]));
        }
        assertEquals(BLOCKS + 1, expected.size());

        List<Long> heightsAfterKill = new ArrayList<>();
        int kills = 0;
        int runs = 0;
        int round = 0;
        Path store = dir.resolve("crash-" + round);
        while (kills < KILLS) {
            assertTrue(runs < KILLS * 4, ctx + "too many runs without enough kills: " + runs);
            runs++;
            AtomicLong reported = new AtomicLong(-1);
            Process child = startChild(store, blocksFile);
            Thread reader = readReports(child, reported);
            awaitReady(child, reported, ctx);
            // A random moment while blocks are being applied: somewhere in the next few blocks' work.
            Thread.sleep(rnd.nextInt(250));
            boolean alive = child.isAlive();
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), ctx + "killed child did not exit");
            reader.join(5_000);
            if (alive && child.exitValue() != 0) {
                kills++;
            }
            try (LedgerStore reopened = LedgerStore.open(store)) {
                long h = reopened.height();
                String at = ctx + "after run " + runs + " (kill " + kills + "), height " + h + ": ";
                assertTrue(h >= reported.get(), at + "the child reported block " + reported.get() + " committed, but it is gone");
                assertEquals(expected.get((int) h), Hex.encode(reopened.appHash()), at + "app hash differs from the clean run");
                assertEquals(h, reopened.block(h).map(b -> b.getHeader().getHeight()).orElse(0L), at + "block missing");
                assertTrue(reopened.block(h + 1).isEmpty(), at + "a block above the height exists");
                if (h > 0) {
                    assertTrue(reopened.commit(h).isPresent(), at + "commit missing");
                }
                long[] sum = {0};
                reopened.read(s -> {
                    s.forEachAccount((a, acc) -> sum[0] += acc.getBalance());
                    return null;
                });
                assertEquals(chain.supply(), sum[0] + reopened.totalBurned(), at + "sum(balances) + burned != supply");
                heightsAfterKill.add(h);
                if (h == BLOCKS) {
                    store = dir.resolve("crash-" + (++round)); // finished: start over in a fresh store
                }
            }
        }
        System.out.println(ctx + runs + " runs, " + kills + " kills; heights after each run: " + heightsAfterKill);
    }

    private static Process startChild(Path store, Path blocksFile) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-Xmx")) {
                cmd.add(arg);
            }
        }
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1"); // short-lived: start fast rather than peak
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CrashChild.class.getName());
        cmd.add(store.toString());
        cmd.add(blocksFile.toString());
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Tracks the last height the child reported as committed; -1 until "ready". */
    private static Thread readReports(Process child, AtomicLong reported) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] parts = line.split(" ");
                    if (parts[0].equals("ready") || parts[0].equals("applied")) {
                        reported.set(Long.parseLong(parts[1]));
                    }
                }
            } catch (IOException e) {
                // the child was killed mid-line
            }
        }, "crash-child-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitReady(Process child, AtomicLong reported, String ctx) throws InterruptedException {
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .pollDelay(java.time.Duration.ZERO).pollInterval(java.time.Duration.ofMillis(5)).pollInSameThread()
                    .until(() -> {
                        if (reported.get() < 0 && !child.isAlive() && reported.get() < 0) {
                            fail(ctx + "child exited with " + child.exitValue() + " before it was ready");
                        }
                        return reported.get() >= 0;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            child.destroyForcibly();
            fail(ctx + "child not ready within 60 s");
        }
    }

}
