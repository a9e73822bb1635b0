package org.wishledger.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.ledger.store.SnapshotStore;
import org.wishledger.p2p.P2pConfig;
import org.wishledger.p2p.PeerAddress;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerListener;
import org.wishledger.p2p.PeerManager;
import org.wishledger.p2p.sync.BlockSyncResponder;
import org.wishledger.p2p.sync.SnapshotResponder;
import org.wishledger.p2p.sync.StateSyncConfig;
import org.wishledger.p2p.sync.StateSyncer;
import org.wishledger.rules.Rules;
import org.wishledger.rules.TestChain;
import org.wishledger.rules.bench.SyntheticHistory;

/**
 * Time-to-join by state sync at N wishes (default 10^6), end to end over real p2p on 127.0.0.1: a serving
 * node (a store of N synthetic wishes, one snapshot, block h+1 with its commit) and a joining node with an
 * empty store that runs the node's own {@link StateSyncer} + {@link LedgerStateSink}: offers, manifest,
 * anchor (commit of block h+1 verified against the genesis validators), every chunk over an encrypted
 * link, verified and restored. Block sync from genesis cannot be replayed on this synthetic history (its
 * txs carry random signatures and its app hashes are random), so that side uses the measured block-sync
 * rate (docs/benchmarks-ledger.md).
 *
 * <pre>StateSyncJoinReport [wishes=1000000]</pre>
 */
public final class StateSyncJoinReport {
    private StateSyncJoinReport() {
    }

    public static void main(String[] args) throws Exception {
        long wishes = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path root = Files.createTempDirectory("state-sync-join");
        ExecutorService serving = Executors.newFixedThreadPool(2);
        try {
            TestChain chain = new TestChain(4, 16);
            try (LedgerStore a = LedgerStore.open(root.resolve("a")); LedgerStore b = LedgerStore.open(root.resolve("b"))) {
                Rules.initGenesis(a, chain.genesis);
                long t0 = System.nanoTime();
                SyntheticHistory history = new SyntheticHistory(chain, 42);
                history.append(a, wishes);
                SnapshotStore snaps = new SnapshotStore(root.resolve("snapshots"), 1, 1);
                SnapshotManifest taken = snaps.take(a);
                history.append(a, 1); // block h+1: the anchor
                System.out.printf("source: %,d wishes, snapshot at %d (%d chunks) ready in %.1f s%n", wishes,
                        taken.getHeight(), taken.getChunkRootsCount(), secs(t0));

                KeyPair serverKey = KeyPair.generate();
                LedgerBlockSync blocks = new LedgerBlockSync(a, null, null); // serving only: load(), no applying
                Object[] responders = new Object[2];
                PeerListener serve = new PeerListener() {
                    @Override
                    public void onPeerConnected(PeerId peer) {
                    }

                    @Override
                    public void onMessage(PeerId peer, PeerMessage m) {
                        if (!((BlockSyncResponder) responders[0]).handle(peer, m)) {
                            ((SnapshotResponder) responders[1]).handle(peer, m);
                        }
                    }

                    @Override
                    public void onPeerDisconnected(PeerId peer) {
                    }
                };
                try (PeerManager server = new PeerManager(P2pConfig.builder(serverKey, TestChain.CHAIN_ID)
                        .listen("127.0.0.1", 0).build(), serve)) {
                    responders[0] = new BlockSyncResponder(blocks, server, serving);
                    responders[1] = new SnapshotResponder(snaps, server, serving);
                    server.start();
                    PeerAddress addr = PeerAddress.parse(Hex.encode(serverKey.publicKey().encoded()),
                            "127.0.0.1:" + server.listenAddress().getPort());
                    LedgerStateSink sink = new LedgerStateSink(b, new Rules(chain.genesis), chain.genesis.toByteArray());
                    StateSyncBootstrap.Forward join = new StateSyncBootstrap.Forward();
                    t0 = System.nanoTime();
                    try (PeerManager client = new PeerManager(P2pConfig.builder(KeyPair.generate(), TestChain.CHAIN_ID)
                            .listen("127.0.0.1", 0).persistentPeer(addr).build(), join);
                         StateSyncer s = new StateSyncer(client, sink, StateSyncConfig.defaults(), client::disconnect)) {
                        join.syncer = s;
                        client.start();
                        s.start();
                        Optional<SnapshotManifest> m = s.done().get(30, TimeUnit.MINUTES);
                        double secs = secs(t0);
                        System.out.printf("state sync over p2p: restored height %d, %,d wishes, %d chunks, in %.1f s"
                                + " (%,.0f wishes/s); app hash equal: %b%n", m.orElseThrow().getHeight(), m.orElseThrow().getWishes(),
                                taken.getChunkRootsCount(), secs, wishes / secs,
                                java.util.Arrays.equals(b.appHash(), taken.getAppHash().toByteArray()));
                    }
                }
            }
        } finally {
            serving.shutdownNow();
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
