package org.wishledger.testnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * Runs the signing job of every account on one thread per core (never more threads than accounts),
 * handing out accounts one at a time so a slow one does not leave a core idle, while the calling thread
 * reports progress. Jobs share nothing but the counter of signed txs: an account's txs are signed by one
 * thread, in nonce order.
 */
final class ParallelSigner {
    static final long PROGRESS_EVERY_MS = 1_000;

    /** Signs all txs of one account, counting each in {@code signed}. */
    interface AccountJob {
        void sign(int account, LongAdder signed);
    }

    private ParallelSigner() {
    }

    static int threadsFor(int accounts) {
        return Math.max(1, Math.min(accounts, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Returns when every account's job has finished; rethrows the first job failure (other jobs are then
     * abandoned).
     */
    static void run(int accounts, IntConsumer progress, AccountJob job) throws InterruptedException {
        int threads = threadsFor(accounts);
        AtomicInteger nextAccount = new AtomicInteger();
        LongAdder signed = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("bench-signer-", 0).daemon().factory());
        try {
            List<Future<?>> workers = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int account; (account = nextAccount.getAndIncrement()) < accounts; ) {
                        job.sign(account, signed);
                    }
                    return null;
                }));
            }
            pool.shutdown();
            while (!pool.awaitTermination(PROGRESS_EVERY_MS, TimeUnit.MILLISECONDS)) {
                rethrowFailures(workers);
                progress.accept((int) signed.sum());
            }
            rethrowFailures(workers);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void rethrowFailures(List<Future<?>> workers) throws InterruptedException {
        for (Future<?> worker : workers) {
            if (!worker.isDone()) {
                continue;
            }
            try {
                worker.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("signing failed", cause);
            }
        }
    }
}
