package org.wishledger.rules.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.ledger.store.SnapshotRestore;
import org.wishledger.ledger.store.SnapshotStore;
import org.wishledger.rules.Rules;
import org.wishledger.rules.TestChain;

/**
 * The local parts of joining by state sync at N wishes (default 10^6): taking a snapshot on a serving
 * node, and verifying and restoring every chunk into an empty store on the joining node. The network
 * transfer of the chunks and the anchor header are not included (state sync over p2p is not wired yet).
 *
 * <pre>StateSyncReport [wishes=1000000]</pre>
 */
public final class StateSyncReport {
    private StateSyncReport() {
    }

    public static void main(String[] args) throws Exception {
        long wishes = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path root = Files.createTempDirectory("state-sync-report");
        try {
            TestChain chain = new TestChain(4, 16);
            try (LedgerStore a = LedgerStore.open(root.resolve("a")); LedgerStore b = LedgerStore.open(root.resolve("b"))) {
                Rules.initGenesis(a, chain.genesis);
                long t0 = System.nanoTime();
                new SyntheticHistory(chain, 42).append(a, wishes);
                System.out.printf("filled %,d wishes in %.1f s; source store %,d MiB%n", wishes, secs(t0),
                        SyntheticHistory.diskBytes(root.resolve("a")) >> 20);
                SnapshotStore snaps = new SnapshotStore(root.resolve("snapshots"), 1, 1);
                t0 = System.nanoTime();
                SnapshotManifest m = snaps.take(a);
                System.out.printf("snapshot at height %d: %d chunks, %,d MiB, taken in %.1f s%n", m.getHeight(),
                        m.getChunkRootsCount(), SyntheticHistory.diskBytes(root.resolve("snapshots")) >> 20, secs(t0));
                t0 = System.nanoTime();
                SnapshotRestore r = SnapshotRestore.begin(b, m, a.appHash(), chain.genesis.toByteArray());
                while (!r.complete()) {
                    r.apply(r.nextChunk(), snaps.chunk(m.getHeight(), r.nextChunk()).orElseThrow());
                }
                r.finish();
                System.out.printf("verified and restored %d chunks in %.1f s (%,.0f wishes/s); restored store %,d MiB%n",
                        m.getChunkRootsCount(), secs(t0), wishes / secs(t0), SyntheticHistory.diskBytes(root.resolve("b")) >> 20);
            }
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
