package org.wishledger.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.ledger.store.SnapshotStore;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerSender;
import org.wishledger.p2p.SendResult;
import org.wishledger.p2p.sync.BlockSyncResponder;
import org.wishledger.p2p.sync.SnapshotResponder;
import org.wishledger.p2p.sync.StateSyncConfig;
import org.wishledger.p2p.sync.StateSyncer;
import org.wishledger.rules.Rules;
import org.wishledger.rules.TestChain;
import org.wishledger.rules.bench.SyntheticHistory;

/**
 * The state syncer against in-memory peers that serve a real snapshot of a real store: an honest pair
 * restores the state (same app hash and tip); a peer that serves a tampered chunk is dropped and that
 * chunk comes from the other peer; a peer whose anchor commit is forged is dropped and the snapshot taken
 * from the honest one.
 */
class StateSyncerTest {
    private static final long WISHES = 12_000; // 2 blocks, ~10 chunks

    @TempDir
    Path dir;
    private final ExecutorService serving = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        serving.shutdownNow();
    }

    @Test
    void restoresFromHonestPeers() throws Exception {
        Result r = sync(UnaryOperator.identity(), UnaryOperator.identity());
        assertTrue(r.dropped.isEmpty(), "nobody dropped: " + r.dropped);
    }

    @Test
    void aPeerServingABadChunkIsDroppedAndTheChunkFetchedElsewhere() throws Exception {
        Result r = sync(UnaryOperator.identity(), m -> {
            if (m.hasChunkResponse() && m.getChunkResponse().getIndex() >= 1) {
                byte[] c = m.getChunkResponse().getChunk().toByteArray();
                c[c.length / 2] ^= 1; // one flipped bit in a wish's tx or a balance
                return m.toBuilder().setChunkResponse(m.getChunkResponse().toBuilder()
                        .setChunk(ByteString.copyFrom(c))).build();
            }
            return m;
        });
        assertEquals(Set.of(BAD), r.dropped.keySet());
        assertTrue(r.dropped.get(BAD).contains("bad snapshot chunk"), r.dropped.toString());
    }

    @Test
    void aPeerWithAForgedAnchorIsDropped() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean firstOffer = new java.util.concurrent.atomic.AtomicBoolean(true);
        // The honest peer's first offer is lost, so the forger's snapshot is chosen first.
        UnaryOperator<PeerMessage> good = m -> m.hasSnapshotsOffer() && firstOffer.getAndSet(false) ? null : m;
        Result r = sync(good, m -> {
            if (m.hasBlockResponse()) {
                var commit = m.getBlockResponse().getCommit().toBuilder().clearSignatures().build();
                return m.toBuilder().setBlockResponse(m.getBlockResponse().toBuilder().setCommit(commit)).build();
            }
            return m;
        });
        assertEquals(Set.of(BAD), r.dropped.keySet());
        assertTrue(r.dropped.get(BAD).contains("anchor"), r.dropped.toString());
    }

    private static final PeerId GOOD = PeerId.of(KeyPair.fromSeed(new byte[32]).publicKey());
    private static final PeerId BAD = PeerId.of(KeyPair.fromSeed(filled(7)).publicKey());

    private record Result(Map<PeerId, String> dropped) {
    }

    /** Two peers serve the same snapshot; the operators rewrite (or drop, returning null) what each sends. */
    private Result sync(UnaryOperator<PeerMessage> goodPeer, UnaryOperator<PeerMessage> badPeer) throws Exception {
        TestChain chain = new TestChain(4, 16);
        try (LedgerStore a = LedgerStore.open(dir.resolve("a")); LedgerStore b = LedgerStore.open(dir.resolve("b"))) {
            Rules.initGenesis(a, chain.genesis);
            SyntheticHistory history = new SyntheticHistory(chain, 1402);
            history.append(a, WISHES);
            SnapshotStore snaps = new SnapshotStore(dir.resolve("snaps"), 1, 1);
            SnapshotManifest taken = snaps.take(a);
            history.append(a, 1); // the anchor block h+1

            Map<PeerId, String> dropped = new ConcurrentHashMap<>();
            StateSyncer[] syncer = new StateSyncer[1];
            LedgerBlockSync blocks = new LedgerBlockSync(a, null, null);
            Map<PeerId, Peer> peers = Map.of(GOOD, new Peer(GOOD, goodPeer, syncer),
                    BAD, new Peer(BAD, badPeer, syncer));
            PeerSender toPeers = new PeerSender() {
                @Override
                public SendResult send(PeerId peer, PeerMessage message) {
                    Peer p = peers.get(peer);
                    if (p == null || dropped.containsKey(peer)) {
                        return SendResult.NOT_CONNECTED;
                    }
                    if (!p.blocks(blocks).handle(peer, message)) {
                        p.snapshots(snaps).handle(peer, message);
                    }
                    return SendResult.QUEUED;
                }

                @Override
                public int broadcast(PeerMessage message, Predicate<PeerId> filter) {
                    int n = 0;
                    for (PeerId p : peers()) {
                        if (filter.test(p) && send(p, message) == SendResult.QUEUED) {
                            n++;
                        }
                    }
                    return n;
                }

                @Override
                public Set<PeerId> peers() {
                    Set<PeerId> live = new java.util.HashSet<>(peers.keySet());
                    live.removeAll(dropped.keySet());
                    return live;
                }
            };
            LedgerStateSink sink = new LedgerStateSink(b, new Rules(chain.genesis), chain.genesis.toByteArray());
            try (StateSyncer s = new StateSyncer(toPeers, sink, new StateSyncConfig(200, 10_000, 2_000, 8, 2),
                    dropped::put)) {
                syncer[0] = s;
                s.start();
                SnapshotManifest m = s.done().get(60, TimeUnit.SECONDS).orElseThrow();
                assertEquals(taken.getHeight(), m.getHeight());
            }
            assertEquals(taken.getHeight(), b.height());
            assertArrayEquals(taken.getAppHash().toByteArray(), b.appHash());
            assertArrayEquals(taken.getLastBlockId().toByteArray(), b.lastBlockId());
            return new Result(dropped);
        }
    }

    /** One in-memory peer: its answers go through {@code rewrite} and back to the syncer. */
    private final class Peer {
        private final PeerId id;
        private final PeerSender back;

        Peer(PeerId id, UnaryOperator<PeerMessage> rewrite, StateSyncer[] syncer) {
            this.id = id;
            this.back = new PeerSender() {
                @Override
                public SendResult send(PeerId to, PeerMessage message) {
                    PeerMessage m = rewrite.apply(message);
                    if (m != null) {
                        syncer[0].onMessage(id, m);
                    }
                    return SendResult.QUEUED;
                }

                @Override
                public int broadcast(PeerMessage message, Predicate<PeerId> filter) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Set<PeerId> peers() {
                    return Set.of();
                }
            };
        }

        BlockSyncResponder blocks(LedgerBlockSync source) {
            return new BlockSyncResponder(source, back, serving);
        }

        SnapshotResponder snapshots(SnapshotStore store) {
            return new SnapshotResponder(store, back, serving);
        }
    }

    private static byte[] filled(int v) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }
}
