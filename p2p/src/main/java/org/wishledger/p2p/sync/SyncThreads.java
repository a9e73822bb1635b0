package org.wishledger.p2p.sync;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** The thread plumbing block sync and state sync share: one daemon thread each, tasks that log and go on. */
final class SyncThreads {
    private SyncThreads() {
    }

    static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code task} on {@code executor}; a failure is logged (the thread lives on), a closed executor
     * (the node is stopping) drops it.
     */
    static void submit(Executor executor, Runnable task, Logger log, String what) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error(what + " failed", e);
                }
            });
        } catch (RejectedExecutionException closed) {
            // stopping
        }
    }

    static void close(ScheduledExecutorService thread) {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
