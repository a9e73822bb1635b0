package org.wishledger.node;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.ledger.store.SnapshotStore;

/**
 * Takes a state-sync snapshot every N blocks on its own thread (O(state): seconds at 10^6 wishes), so the
 * consensus thread only checks {@link SnapshotStore#due} after a commit. A snapshot still being written
 * when the next falls due makes that one skipped, not queued: snapshots never pile up behind a slow disk.
 */
final class SnapshotTaker implements AutoCloseable {
    private static final NodeLog LOG = NodeLog.of("snapshots");

    private final SnapshotStore snapshots;
    private final LedgerStore store;
    private final ExecutorService thread;
    private final AtomicBoolean busy = new AtomicBoolean();

    SnapshotTaker(SnapshotStore snapshots, LedgerStore store) {
        this.snapshots = snapshots;
        this.store = store;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "snapshot");
            t.setDaemon(true);
            return t;
        });
    }

    /** Written and read on the snapshot thread only. */
    private boolean toldAnonymous;

    /** Called on the consensus thread after block {@code height} is committed. */
    void onCommitted(long height) {
        if (!snapshots.due(height) || !busy.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(() -> {
                try {
                    long t0 = System.nanoTime();
                    SnapshotManifest m = snapshots.take(store);
                    LOG.info("snapshot taken", "height", m.getHeight(), "chunks", m.getChunkRootsCount(),
                            "wishes", m.getWishes(), "ms", (System.nanoTime() - t0) / 1_000_000);
                } catch (org.wishledger.ledger.store.StateSnapshotWriter.AnonymousStateNotCarried e) {
                    if (!toldAnonymous) { // every interval would say the same: once is enough
                        LOG.warn(e.getMessage());
                        toldAnonymous = true;
                    }
                } catch (RuntimeException e) {
                    LOG.error("taking a snapshot failed", e);
                } finally {
                    busy.set(false);
                }
            });
        } catch (RejectedExecutionException stopping) {
            busy.set(false);
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
