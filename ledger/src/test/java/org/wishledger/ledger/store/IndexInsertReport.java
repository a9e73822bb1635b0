package org.wishledger.ledger.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Times the tx hash index's inserts as a busy node makes them on a large chain: a 2^24-slot table holding
 * 5,000,000 entries (the 5 M-tx testnet), reopened as after a restart, then 640 blocks of 2,000 random
 * inserts with a background checkpoint every 64 blocks. Prints the time per block (the first 64 blocks,
 * before the first checkpoint, are left out). In this package because the table is package-private.
 *
 * <pre>IndexInsertReport [DIR (default: a temporary folder, removed afterwards)]</pre>
 */
public final class IndexInsertReport {
    private static final int BLOCKS = 640;
    private static final int PER_BLOCK = 2_000;

    private IndexInsertReport() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("index-insert-");
        Path file = dir.resolve(TxHashIndex.FILE_NAME);
        SplittableRandom random = new SplittableRandom(42);
        HashSlotTable filled = HashSlotTable.create(file, 1L << 24, 0);
        for (int i = 0; i < 5_000_000; i++) {
            filled.put(random.nextLong() | 1, 1 + i);
        }
        filled.forceAndCheckpoint(1);
        filled.closeChannel();

        HashSlotTable table = HashSlotTable.open(file);
        ExecutorService flusher = Executors.newSingleThreadExecutor();
        long[] nanos = new long[BLOCKS];
        for (int b = 0; b < BLOCKS; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < PER_BLOCK; i++) {
                table.put(random.nextLong() | 1, 10_000_000L + (long) b * PER_BLOCK + i);
            }
            nanos[b] = System.nanoTime() - t0;
            if (b % TxHashIndex.CHECKPOINT_BLOCKS == TxHashIndex.CHECKPOINT_BLOCKS - 1) {
                long height = b;
                flusher.execute(() -> table.forceAndCheckpoint(height));
            }
        }
        flusher.shutdown();
        flusher.awaitTermination(1, TimeUnit.MINUTES);
        table.closeChannel();
        long[] sorted = Arrays.copyOfRange(nanos, TxHashIndex.CHECKPOINT_BLOCKS, BLOCKS);
        Arrays.sort(sorted);
        System.out.printf("per block of %,d inserts: median %.2f ms, mean %.2f ms, p90 %.2f ms%n", PER_BLOCK,
                sorted[sorted.length / 2] / 1e6, Arrays.stream(sorted).average().orElse(0) / 1e6,
                sorted[sorted.length * 9 / 10] / 1e6);
        if (args.length == 0) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
