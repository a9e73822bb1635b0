package org.wishledger.p2p.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wishledger.p2p.P2pTestNodes.addressOf;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.SyncBlockResponse;
import org.wishledger.p2p.P2pTestNodes;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerListener;
import org.wishledger.p2p.PeerManager;
import org.wishledger.p2p.TestKeys;

/** Block sync between real PeerManagers over 127.0.0.1, with in-memory chains. */
class BlockSyncTest {
    private final P2pTestNodes nodes = new P2pTestNodes();
    private final ExecutorService storeReads = Executors.newFixedThreadPool(2);

    @AfterEach
    void tearDown() throws Exception {
        nodes.close();
        storeReads.shutdownNow();
    }

    /** A node that only serves blocks; requests matching {@code ignore} get no answer at all. */
    private PeerManager server(long seed, BlockSource source, Predicate<PeerMessage> ignore) throws Exception {
        BlockSyncResponder[] responder = new BlockSyncResponder[1];
        PeerManager manager = nodes.start(P2pTestNodes.config(TestKeys.key(seed)).build(), new PeerListener() {
            @Override
            public void onPeerConnected(PeerId peer) {
            }

            @Override
            public void onMessage(PeerId peer, PeerMessage message) {
                if (!ignore.test(message)) {
                    responder[0].handle(peer, message);
                }
            }

            @Override
            public void onPeerDisconnected(PeerId peer) {
            }
        });
        responder[0] = new BlockSyncResponder(source, manager, storeReads);
        return manager;
    }

    /** The syncing node, wired as the real node would wire it; dials the given servers. */
    private BlockSyncer syncingNode(TestChain.Sink sink, SyncConfig config, Map<PeerId, String> misbehaving,
                                   PeerManager... servers) throws Exception {
        SyncerListener listener = new SyncerListener();
        var builder = P2pTestNodes.config(TestKeys.key(100));
        for (PeerManager s : servers) {
            builder.persistentPeer(addressOf(s));
        }
        PeerManager manager = new PeerManager(builder.build(), listener);
        BlockSyncer syncer = listener.attach(new BlockSyncer(manager, sink, config, misbehaving::put));
        nodes.register(syncer);
        nodes.register(manager);
        syncer.start();
        manager.start();
        return syncer;
    }

    @Test
    void fetchesEveryBlockInOrderFromSeveralPeers() throws Exception {
        List<SyncBlockResponse> chain = TestChain.build(300, 20);
        TestChain.Source source1 = new TestChain.Source(chain);
        TestChain.Source source2 = new TestChain.Source(chain);
        PeerManager s1 = server(1, source1, m -> false);
        PeerManager s2 = server(2, source2, m -> false);
        TestChain.Sink sink = new TestChain.Sink();
        Map<PeerId, String> misbehaving = new ConcurrentHashMap<>();
        BlockSyncer syncer = syncingNode(sink, SyncConfig.defaults(), misbehaving, s1, s2);

        long height = syncer.caughtUp().get(30, TimeUnit.SECONDS);
        assertEquals(300, height);
        assertChainEquals(chain, sink);
        assertTrue(source1.served.get() > 0 && source2.served.get() > 0,
                "requests spread over both peers: " + source1.served + " / " + source2.served);
        assertTrue(misbehaving.isEmpty(), misbehaving.toString());
        SyncProgress progress = syncer.progress();
        assertEquals(300, progress.blocksApplied());
        assertEquals(300 * 20, progress.txsApplied());
        assertTrue(progress.caughtUp());
    }

    @Test
    void aPeerServingBadCommitsIsReportedAndTheBlocksComeFromAnHonestPeer() throws Exception {
        List<SyncBlockResponse> chain = TestChain.build(120, 5);
        TestChain.Source liar = new TestChain.Source(chain, r -> r.toBuilder()
                .setCommit(r.getCommit().toBuilder().setBlockId(ByteString.copyFrom(new byte[32]))).build());
        PeerManager bad = server(3, liar, m -> false);
        PeerManager good = server(4, new TestChain.Source(chain), m -> false);
        TestChain.Sink sink = new TestChain.Sink();
        Map<PeerId, String> misbehaving = new ConcurrentHashMap<>();
        BlockSyncer syncer = syncingNode(sink, SyncConfig.defaults(), misbehaving, bad, good);

        assertEquals(120, syncer.caughtUp().get(30, TimeUnit.SECONDS));
        assertChainEquals(chain, sink);
        assertTrue(liar.served.get() > 0, "the liar was asked for blocks");
        assertEquals(java.util.Set.of(bad.localId()), misbehaving.keySet(), "only the liar is reported: " + misbehaving);
        assertTrue(misbehaving.get(bad.localId()).contains("BAD_SIGNATURE"), misbehaving.toString());
    }

    @Test
    void requestsToAPeerThatNeverAnswersAreRetriedElsewhere() throws Exception {
        List<SyncBlockResponse> chain = TestChain.build(100, 5);
        TestChain.Source silentSource = new TestChain.Source(chain);
        PeerManager silent = server(5, silentSource, PeerMessage::hasBlockRequest);
        PeerManager good = server(6, new TestChain.Source(chain), m -> false);
        TestChain.Sink sink = new TestChain.Sink();
        BlockSyncer syncer = syncingNode(sink, SyncConfig.defaults().withRequestTimeoutMillis(300),
                new ConcurrentHashMap<>(), silent, good);

        assertEquals(100, syncer.caughtUp().get(30, TimeUnit.SECONDS));
        assertChainEquals(chain, sink);
        assertEquals(0, silentSource.served.get());
    }

    @Test
    void aNodeWithNoPeersCountsAsCaughtUpAfterTheGracePeriod() throws Exception {
        TestChain.Sink sink = new TestChain.Sink();
        BlockSyncer syncer = syncingNode(sink, SyncConfig.defaults().withAloneAfterMillis(200), new ConcurrentHashMap<>());
        assertEquals(0, syncer.caughtUp().get(10, TimeUnit.SECONDS));
    }

    @Test
    void losingAServingPeerMidwayDoesNotStopTheSync() throws Exception {
        List<SyncBlockResponse> chain = TestChain.build(300, 5);
        PeerManager leaving = server(7, new TestChain.Source(chain), m -> false);
        PeerManager staying = server(8, new TestChain.Source(chain), m -> false);
        TestChain.Sink sink = new TestChain.Sink() {
            @Override
            public void apply(org.wishledger.ledger.proto.Block block, org.wishledger.ledger.proto.Commit commit)
                    throws org.wishledger.ledger.error.Rejection {
                super.apply(block, commit);
                if (block.getHeader().getHeight() == 50) {
                    leaving.close(); // the peer goes away with requests in flight
                }
            }
        };
        BlockSyncer syncer = syncingNode(sink, SyncConfig.defaults(), new ConcurrentHashMap<>(), leaving, staying);
        assertEquals(300, syncer.caughtUp().get(30, TimeUnit.SECONDS));
        assertChainEquals(chain, sink);
    }

    @Test
    void resumeFetchesTheHeightsCommittedSinceCatchingUp() throws Exception {
        List<SyncBlockResponse> chain = TestChain.build(150, 3);
        TestChain.Source source = new TestChain.Source(chain);
        source.committed.set(100);
        PeerManager server = server(9, source, m -> false);
        TestChain.Sink sink = new TestChain.Sink();
        BlockSyncer syncer = syncingNode(sink, SyncConfig.defaults(), new ConcurrentHashMap<>(), server);
        assertEquals(100, syncer.caughtUp().get(30, TimeUnit.SECONDS));

        source.committed.set(150); // the network moved on while this node was, say, stuck
        assertEquals(150, syncer.resume().get(30, TimeUnit.SECONDS), () -> "resume must reach 150, at " + syncer.progress());
        assertEquals(50, syncer.progress().blocksApplied());
        assertChainEquals(chain, sink);
    }

    private static void assertChainEquals(List<SyncBlockResponse> chain, TestChain.Sink sink) {
        assertEquals(chain.size(), sink.applied.size());
        for (int i = 0; i < chain.size(); i++) {
            assertArrayEquals(Hashes.blockId(chain.get(i).getBlock()), Hashes.blockId(sink.applied.get(i)), "block " + (i + 1));
        }
    }
}
