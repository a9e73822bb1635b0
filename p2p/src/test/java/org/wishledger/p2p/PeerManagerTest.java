package org.wishledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wishledger.p2p.P2pTestNodes.addressOf;
import static org.wishledger.p2p.P2pTestNodes.config;
import static org.wishledger.p2p.P2pTestNodes.markerOf;
import static org.wishledger.p2p.P2pTestNodes.txMessage;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.Vote;

/** Link lifecycle: reconnects, duplicate links, and the memory bound against a stalled peer. */
class PeerManagerTest {
    private final P2pTestNodes nodes = new P2pTestNodes();
    private final KeyPair keyA = TestKeys.key(11);
    private final KeyPair keyB = TestKeys.key(12);

    @AfterEach
    void tearDown() throws Exception {
        nodes.close();
    }

    @Test
    void reconnectsToAPersistentPeerAfterItRestarts() throws Exception {
        RecordingListener la = new RecordingListener();
        PeerManager b1 = new PeerManager(config(keyB).build(), new RecordingListener());
        b1.start();
        int port = b1.listenAddress().getPort();
        PeerId idB = b1.localId();
        PeerManager a = nodes.start(config(keyA).persistentPeer(addressOf(b1)).build(), la);
        Await.until(() -> a.peers().contains(idB), () -> "first link did not come up");

        b1.close();
        Await.until(() -> la.count("disconnected " + idB) == 1, () -> "A must notice B is gone: " + la.events);
        assertTrue(a.peers().isEmpty());

        RecordingListener lb2 = new RecordingListener();
        PeerManager b2 = nodes.start(config(keyB).listen("127.0.0.1", port).build(), lb2);
        Await.until(() -> la.count("connected " + idB) == 2 && b2.peers().contains(a.localId()),
                () -> "A must re-dial B after its restart: " + la.events);
        assertEquals(List.of("connected " + idB, "disconnected " + idB, "connected " + idB), la.events);

        a.send(idB, txMessage("after-restart", 200));
        Await.until(() -> lb2.messages.size() == 1, () -> "message over the new link");
        assertEquals("after-restart", markerOf(lb2.messages.get(0).message()));
    }

    @Test
    void simultaneousDialsLeaveOneLinkDialedByTheLowerKey() throws Exception {
        RecordingListener la = new RecordingListener();
        RecordingListener lb = new RecordingListener();
        PeerManager a = nodes.start(config(keyA).build(), la);
        PeerManager b = nodes.start(config(keyB).persistentPeer(addressOf(a)).build(), lb);
        a.addPersistentPeer(addressOf(b)); // now both dial each other
        boolean aIsLower = a.localId().compareTo(b.localId()) < 0;

        Await.until(() -> a.stats(b.localId()).map(s -> s.outbound() == aIsLower).orElse(false)
                        && b.stats(a.localId()).map(s -> s.outbound() != aIsLower).orElse(false),
                () -> "both ends must keep the link dialed by the lower key: " + la.events + " " + lb.events);
        assertEquals(1, a.peers().size());
        assertEquals(1, b.peers().size());
        a.send(b.localId(), txMessage("one-link", 100));
        Await.until(() -> lb.messages.size() == 1, () -> "message over the surviving link");
        // Events per peer strictly alternate connected/disconnected and end connected.
        assertTrue(la.events.get(la.events.size() - 1).startsWith("connected"), la.events.toString());
        assertTrue(lb.events.get(lb.events.size() - 1).startsWith("connected"), lb.events.toString());
    }

    @Test
    void aStalledPeerCostsAtMostTheQueueLimits() throws Exception {
        long mempoolBytes = 256 << 10;
        QueueLimit mempool = new QueueLimit(64, mempoolBytes, QueueLimit.Overflow.DROP_NEWEST);
        QueueLimit consensus = new QueueLimit(32, 128 << 10, QueueLimit.Overflow.DISCONNECT);
        RecordingListener la = new RecordingListener();
        PeerManager a = nodes.start(config(keyA).queueLimit(PeerChannel.MEMPOOL, mempool)
                .queueLimit(PeerChannel.CONSENSUS, consensus).writeBuffer(32 << 10, 64 << 10).build(), la);

        // B's node blocks inside its first onMessage: its only event loop stops reading, TCP fills up.
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stalled = new CountDownLatch(1);
        RecordingListener lb = new RecordingListener() {
            @Override
            public void onMessage(PeerId peer, PeerMessage message) {
                super.onMessage(peer, message);
                stalled.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        PeerManager b = nodes.start(config(keyB).persistentPeer(addressOf(a)).build(), lb);
        try {
            Await.until(() -> a.peers().contains(b.localId()), () -> "link did not come up");
            PeerId idB = b.localId();
            a.send(idB, txMessage("first", 100));
            assertTrue(stalled.await(10, TimeUnit.SECONDS), "B should be stuck in onMessage");

            // Flood the mempool channel: sends must start being dropped, and A's queue stays bounded.
            int queued = 0;
            int dropped = 0;
            for (int i = 0; i < 20_000 && dropped < 100; i++) {
                SendResult r = a.send(idB, txMessage("tx" + i, 16 << 10));
                if (r == SendResult.QUEUED) {
                    queued++;
                } else {
                    assertEquals(SendResult.DROPPED_QUEUE_FULL, r);
                    dropped++;
                }
                long inQueue = a.stats(idB).orElseThrow().queuedBytes().get(PeerChannel.MEMPOOL);
                assertTrue(inQueue <= mempoolBytes, "mempool queue holds " + inQueue + " bytes > limit");
            }
            assertEquals(100, dropped, "a stalled peer's mempool queue must overflow (queued " + queued + ")");
            assertTrue(a.peers().contains(idB), "mempool overflow drops messages but keeps the link");

            // The consensus channel's policy is to disconnect a peer that cannot keep up.
            SendResult last = SendResult.QUEUED;
            for (int i = 0; i < 10_000 && last == SendResult.QUEUED; i++) {
                last = a.send(idB, PeerMessage.newBuilder().setVote(Vote.newBuilder().setHeight(i)
                        .setSignature(com.google.protobuf.ByteString.copyFrom(new byte[8 << 10]))).build());
            }
            assertEquals(SendResult.DISCONNECTED_QUEUE_FULL, last);
            Await.until(() -> la.count("disconnected " + idB) == 1, () -> "A must drop the slow peer: " + la.events);
        } finally {
            release.countDown();
        }
        // B is persistent towards A: once B's node is unblocked it reconnects.
        Await.until(() -> a.peers().contains(b.localId()), () -> "B reconnects after the stall");
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsDropped() throws Exception {
        RecordingListener la = new RecordingListener();
        PeerManager a = nodes.start(config(keyA).pingIntervalMillis(200).partialFrameTimeoutMillis(250)
                .idleTimeoutMillis(1_000).build(), la);
        CountDownLatch release = new CountDownLatch(1);
        PeerManager b = nodes.start(config(keyB).persistentPeer(addressOf(a)).build(), new RecordingListener() {
            @Override
            public void onMessage(PeerId peer, PeerMessage message) {
                try {
                    release.await(30, TimeUnit.SECONDS); // B's only event loop hangs: no more pongs
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            Await.until(() -> la.count("connected " + b.localId()) == 1, () -> "link did not come up");
            long start = System.nanoTime();
            a.send(b.localId(), txMessage("hang", 10));
            Await.until(() -> la.count("disconnected " + b.localId()) == 1, java.time.Duration.ofSeconds(5),
                    () -> "A must drop a peer that stopped answering pings: " + la.events);
            long millis = (System.nanoTime() - start) / 1_000_000;
            // The idle clock runs from A's last read from B, which is at most one ping interval (200 ms, B's
            // pongs) before `start`: the drop may come 800 ms after `start`, never earlier (margin 50 ms).
            assertTrue(millis >= 750, "not before the idle timeout: " + millis + " ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void inboundConnectionsBeyondTheLimitAreRefused() throws Exception {
        PeerManager a = nodes.start(config(keyA).maxInboundConnections(2).build(), new RecordingListener());
        int port = a.listenAddress().getPort();
        try (java.net.Socket s1 = new java.net.Socket("127.0.0.1", port);
             java.net.Socket s2 = new java.net.Socket("127.0.0.1", port);
             java.net.Socket s3 = new java.net.Socket("127.0.0.1", port)) {
            s1.setSoTimeout(5_000);
            s2.setSoTimeout(5_000);
            s3.setSoTimeout(5_000);
            assertEquals(0, s1.getInputStream().read(), "an admitted connection gets the node's hello");
            assertEquals(0, s2.getInputStream().read(), "an admitted connection gets the node's hello");
            assertEquals(-1, s3.getInputStream().read(), "the third connection is closed without a hello");
        }
    }

    /** Issue 10: one address cannot take every inbound slot (a second address still gets in). */
    @Test
    void oneAddressCannotTakeEveryInboundSlot() throws Exception {
        PeerManager a = nodes.start(config(keyA).maxInboundConnections(10).maxInboundPerAddress(2).build(),
                new RecordingListener());
        int port = a.listenAddress().getPort();
        try (java.net.Socket s1 = new java.net.Socket("127.0.0.1", port);
             java.net.Socket s2 = new java.net.Socket("127.0.0.1", port);
             java.net.Socket s3 = new java.net.Socket("127.0.0.1", port);
             java.net.Socket other = new java.net.Socket(java.net.InetAddress.getByName("127.0.0.1"), port,
                     java.net.InetAddress.getByName("127.0.0.2"), 0)) {
            for (java.net.Socket s : java.util.List.of(s1, s2, s3, other)) {
                s.setSoTimeout(5_000);
            }
            assertEquals(0, s1.getInputStream().read(), "an admitted connection gets the node's hello");
            assertEquals(0, s2.getInputStream().read(), "an admitted connection gets the node's hello");
            assertEquals(-1, s3.getInputStream().read(), "the third from 127.0.0.1 is closed without a hello");
            assertEquals(0, other.getInputStream().read(), "another address still gets in");
        }
    }

    @Test
    void fourNodesSharingOnePeerListFormAFullMeshWithOneLinkPerPair() throws Exception {
        int n = 4;
        PeerManager[] m = new PeerManager[n];
        RecordingListener[] l = new RecordingListener[n];
        for (int i = 0; i < n; i++) {
            l[i] = new RecordingListener();
            m[i] = nodes.start(config(TestKeys.key(40 + i)).build(), l[i]);
        }
        for (PeerManager node : m) {
            for (PeerManager peer : m) {
                node.addPersistentPeer(addressOf(peer)); // the shared list names the node itself too
            }
        }
        Await.until(() -> java.util.Arrays.stream(m).allMatch(x -> x.peers().size() == n - 1 && java.util.Arrays.stream(m)
                        .filter(y -> y != x)
                        .allMatch(y -> x.stats(y.localId()).map(s -> s.outbound() == (x.localId().compareTo(y.localId()) < 0))
                                .orElse(false))),
                () -> "every pair must keep the one link dialed by its lower key");
        for (int i = 0; i < n; i++) {
            assertEquals(n - 1, m[i].allStats().size());
            assertEquals(n - 1, m[i].broadcast(txMessage("from-" + i, 100)));
        }
        Await.until(() -> java.util.Arrays.stream(l).allMatch(x -> x.messages.size() == n - 1), () -> "broadcasts");
        for (int i = 0; i < n; i++) {
            java.util.Set<String> got = new java.util.HashSet<>();
            l[i].messages.forEach(r -> got.add(markerOf(r.message())));
            assertEquals(n - 1, got.size(), "node " + i + " got each other node's broadcast once: " + got);
            assertTrue(!got.contains("from-" + i));
        }
    }
}
