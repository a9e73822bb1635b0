package org.wishledger.rules.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.rules.Rules;
import org.wishledger.rules.TestChain;

/**
 * How applyBlock of 10,000 pre-verified wishes (2,000 senders, durable LMDB commit) changes as the
 * chain grows: ONE store is filled by {@link SyntheticHistory} to each size in turn (default 10^5, 10^6,
 * 10^7 committed txs) and, at each, a few real signed blocks are applied through the rules and timed.
 * Prints per size the wall time of every measured block and its median, the median process CPU time
 * and bytes written to storage per block (/proc/self/io write_bytes: LMDB's writes and the pages the
 * tx hash index dirtied, counted when dirtied), and the store's size on disk. On a shared machine the
 * wall time is noisy; CPU time and bytes written are what grow when the store slows with size.
 *
 * <pre>
 * ApplyBlockGrowthReport [sizes=100000,1000000,10000000] [blocksPerSize=6] [dir=a temp dir, deleted]
 * </pre>
 */
public final class ApplyBlockGrowthReport {
    private static final int TXS = 10_000;
    private static final int SENDERS = 2_000;
    private static final int WARMUP_BLOCKS = 4;

    private ApplyBlockGrowthReport() {
    }

    public static void main(String[] args) throws Exception {
        long[] sizes = Arrays.stream((args.length > 0 ? args[0] : "100000,1000000,10000000").split(","))
                .mapToLong(Long::parseLong).toArray();
        int perSize = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        boolean tempDir = args.length <= 2;
        Path dir = tempDir ? Files.createTempDirectory("apply-growth") : Path.of(args[2]);
        TestChain chain = new TestChain(4, SENDERS);
        Rules rules = chain.rules;
        int total = WARMUP_BLOCKS + sizes.length * perSize;
        System.out.printf("signing %d blocks of %d wishes...%n", total, TXS);
        List<List<Tx>> signed = new ArrayList<>();
        for (int b = 0; b < total; b++) {
            signed.add(chain.signedWishBlock(b, TXS / SENDERS));
        }
        SyntheticHistory history = new SyntheticHistory(chain, 42);
        try (LedgerStore store = LedgerStore.open(dir)) {
            Rules.initGenesis(store, chain.genesis);
            long committed = 0;
            int next = 0;
            for (int i = 0; i < WARMUP_BLOCKS; i++) {
                apply(rules, chain, store, signed.get(next++));
                committed += TXS;
            }
            System.out.println("committed_txs_at_start | wall ms per block | median wall ms | median cpu ms | median MiB written"
                    + " | store on disk | fill s");
            for (long size : sizes) {
                long t0 = System.nanoTime();
                if (size > committed) {
                    history.append(store, size - committed);
                    committed = size;
                }
                double fillS = (System.nanoTime() - t0) / 1e9;
                long[] ms = new long[perSize];
                long[] cpu = new long[perSize];
                long[] written = new long[perSize];
                for (int i = 0; i < perSize; i++) {
                    long cpu0 = OS.getProcessCpuTime();
                    long w0 = writeBytes();
                    ms[i] = apply(rules, chain, store, signed.get(next++));
                    cpu[i] = (OS.getProcessCpuTime() - cpu0) / 1_000_000;
                    written[i] = writeBytes() - w0;
                    committed += TXS;
                }
                System.out.printf("%,d | %s | %.1f | %.1f | %.1f | %,d MiB | %.1f%n", size, Arrays.toString(ms),
                        median(ms), median(cpu), median(written) / (1 << 20), SyntheticHistory.diskBytes(dir) >> 20, fillS);
            }
        } finally {
            if (tempDir) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private static double median(long[] v) {
        long[] sorted = v.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** Bytes this process caused to be written to storage so far (Linux /proc/self/io), or 0 elsewhere. */
    private static long writeBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring(12).trim());
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Builds, commits and applies one block; returns the applyBlock wall time in ms. */
    private static long apply(Rules rules, TestChain chain, LedgerStore store, List<Tx> txs) throws Exception {
        Block block = chain.block(store, txs, (int) store.height());
        Commit commit = chain.commit(block);
        Set<ByteKey> pre = new HashSet<>(txs.size() * 2);
        for (Tx tx : txs) {
            pre.add(ByteKey.wrap(Hashes.txHash(tx)));
        }
        long t0 = System.nanoTime();
        rules.applyBlock(store, block, commit, pre);
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
