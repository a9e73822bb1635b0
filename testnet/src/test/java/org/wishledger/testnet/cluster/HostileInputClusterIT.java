package org.wishledger.testnet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.GossipTxs;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.p2p.P2pConfig;
import org.wishledger.p2p.PeerAddress;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerListener;
import org.wishledger.p2p.PeerManager;
import org.wishledger.client.HostPort;
import org.wishledger.client.NativeClient;
import org.wishledger.testnet.local.TestWaits;
import org.wishledger.client.TxBuilder;

/**
 * Issue 4, must show 4: hostile input on the native and p2p ports gets a clear rejection or a dropped
 * connection, and the node keeps serving everyone else.
 */
@Tag("cluster")
class HostileInputClusterIT {
    private static final long SEED = 4004;
    private static final int TARGET = 0;
    private static final Duration DROP_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void hostileInputIsRejectedOrDroppedAndTheNodeKeepsServing() throws Exception {
        LocalCluster cluster = clusters.start(4, 4, SEED);
        HostPort client = cluster.client(TARGET);
        HostPort p2p = cluster.p2p(TARGET);

        // --- native client port ---
        dropped(client, "garbage".getBytes(StandardCharsets.US_ASCII), false, true);   // 'garb' is a ~1.7 GB length
        dropped(client, RawConnection.lengthPrefix(0x7FFF_FFF0), false, true);         // oversize length prefix
        dropped(client, RawConnection.concat(RawConnection.lengthPrefix(100), new byte[10]), true, true); // truncated
        undecodableFrameIsRejectedOrDropped(client);

        try (ClusterTraffic traffic = new ClusterTraffic(cluster, SEED)) {
            Tx valid = traffic.nextWish(0);
            assertTrue(traffic.submit(TARGET, valid, WaitFor.COMMITTED).answer().get().hasCommitted());
            assertRejected(traffic.submit(TARGET, valid, WaitFor.COMMITTED).answer().get(),
                    Set.of(ErrorCode.DUPLICATE, ErrorCode.BAD_NONCE), "replayed tx");

            Tx forged = traffic.nextWish(1);
            byte[] sig = forged.getSignature().toByteArray();
            sig[7] ^= 0x20;
            assertRejected(traffic.submit(TARGET, forged.toBuilder().setSignature(ByteString.copyFrom(sig)).build(),
                    WaitFor.ACCEPTED).answer().get(), Set.of(ErrorCode.BAD_SIGNATURE), "bad signature");

            KeyPair account2 = traffic.account(2);
            Tx otherChain = new TxBuilder("some-other-chain", traffic.builder().params())
                    .wish(account2, 0, Wish.newBuilder().setScenario("s").setDesired("d").build());
            assertRejected(traffic.submit(TARGET, otherChain, WaitFor.ACCEPTED).answer().get(),
                    Set.of(ErrorCode.WRONG_CHAIN), "tx for another chain");

            // --- p2p port ---
            dropped(p2p, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false, false);
            dropped(p2p, RawConnection.lengthPrefix(0x7FFF_FFF0), false, false);
            handshakeExpectingAnotherKeyIsDroppedByTheDialer(cluster, p2p);
            strangerCannotDisplaceValidatorLinks(cluster, p2p);
            peerRelayingAForgedTxIsCutOff(cluster, p2p, client, traffic);

            // --- everyone else is still served ---
            long before = cluster.height(TARGET);
            for (int node : cluster.all()) {
                ClientResponse r = traffic.submit(node, traffic.nextWish(3), WaitFor.COMMITTED).answer().get();
                assertTrue(r.hasCommitted(), "node" + node + " after hostile input: " + r);
            }
            cluster.awaitHeight(TARGET, before + 1, Duration.ofSeconds(60));
            assertValidatorLinks(cluster);
        }
        cluster.awaitSameTip(cluster.all(), Duration.ofSeconds(60));
    }

    /** Sends bytes (optionally then half-closes) and requires the node to close the connection. */
    private static void dropped(HostPort target, byte[] bytes, boolean halfClose, boolean mayAnswerRejected)
            throws Exception {
        try (RawConnection c = new RawConnection(target)) {
            c.send(bytes);
            if (halfClose) {
                c.finishSending();
            }
            byte[] got = c.awaitClosedByPeer(DROP_TIMEOUT);
            if (mayAnswerRejected && got.length > 0) {
                assertRejectedFrame(got, "answer to hostile bytes on " + target);
            }
        }
    }

    /** A well-framed message that is not a ClientRequest: Rejected{MALFORMED} or a dropped connection. */
    private static void undecodableFrameIsRejectedOrDropped(HostPort client) throws Exception {
        try (RawConnection c = new RawConnection(client)) {
            byte[] junk = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
            c.send(RawConnection.concat(RawConnection.lengthPrefix(junk.length), junk));
            c.finishSending();
            byte[] got = c.awaitClosedByPeer(DROP_TIMEOUT);
            if (got.length > 0) {
                assertRejectedFrame(got, "undecodable frame");
            }
        }
    }

    private static void assertRejectedFrame(byte[] bytes, String what) throws Exception {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int length = in.readInt();
        byte[] frame = in.readNBytes(length);
        ClientResponse r = ClientResponse.parseFrom(frame);
        assertRejected(r, Set.of(ErrorCode.MALFORMED, ErrorCode.TOO_LARGE, ErrorCode.BAD_REQUEST), what);
    }

    private static void assertRejected(ClientResponse r, Set<ErrorCode> codes, String what) {
        assertTrue(r.hasRejected(), what + ": expected a rejection, got " + r);
        assertTrue(codes.contains(r.getRejected().getCode()), what + ": code " + r.getRejected().getCode()
                + " not in " + codes + " (" + r.getRejected().getMessage() + ")");
        assertFalse(r.getRejected().getMessage().isEmpty(), what + ": a rejection says why");
    }

    /** We dial the node expecting another validator's key: the handshake proves otherwise and the link drops. */
    private static void handshakeExpectingAnotherKeyIsDroppedByTheDialer(LocalCluster cluster, HostPort p2p)
            throws Exception {
        KeyPair stranger = KeyPair.fromSeed(ByteBuffer.allocate(32).putLong(0, SEED).array());
        PeerId someoneElse = PeerId.of(KeyFiles.load(cluster.home(1).nodeKeyFile()).publicKey());
        P2pConfig config = P2pConfig.builder(stranger, cluster.genesis().getChainId())
                .listen("127.0.0.1", 0)
                .persistentPeer(new PeerAddress(p2p.host(), p2p.port(), someoneElse))
                .reconnectBackoff(200, 1000)
                .build();
        try (PeerManager dialer = new PeerManager(config, PeerListener.NONE)) {
            dialer.start();
            TestWaits.await("the dialer to refuse the node's key", DROP_TIMEOUT, Duration.ofMillis(50)).until(
                    () -> dialer.failedHandshakes() > 0);
            assertTrue(dialer.peers().isEmpty(), "linked to a peer with the wrong key");
        }
    }

    /**
     * A stranger with a valid handshake may or may not be admitted (DESIGN.md allows non-validator peers),
     * but it cannot displace the node's validator links.
     */
    private static void strangerCannotDisplaceValidatorLinks(LocalCluster cluster, HostPort p2p) throws Exception {
        KeyPair stranger = KeyPair.fromSeed(ByteBuffer.allocate(32).putLong(0, SEED + 1).array());
        PeerId node = PeerId.of(KeyFiles.load(cluster.home(TARGET).nodeKeyFile()).publicKey());
        P2pConfig config = P2pConfig.builder(stranger, cluster.genesis().getChainId())
                .listen("127.0.0.1", 0)
                .persistentPeer(new PeerAddress(p2p.host(), p2p.port(), node))
                .reconnectBackoff(200, 1000)
                .build();
        try (PeerManager dialer = new PeerManager(config, PeerListener.NONE)) {
            dialer.start();
            TestWaits.await("the stranger's handshake to finish either way", DROP_TIMEOUT, Duration.ofMillis(50)).until(
                    () -> !dialer.peers().isEmpty() || dialer.failedHandshakes() > 0);
            assertValidatorLinks(cluster);
        }
    }

    /**
     * A peer that relays a tx failing the stateless checks is disconnected: an honest node only relays txs it
     * admitted, so such a tx proves the peer faulty. A valid tx relayed by the same peer is no offence.
     */
    private static void peerRelayingAForgedTxIsCutOff(LocalCluster cluster, HostPort p2p, HostPort client,
            ClusterTraffic traffic) throws Exception {
        KeyPair stranger = KeyPair.fromSeed(ByteBuffer.allocate(32).putLong(0, SEED + 2).array());
        PeerId node = PeerId.of(KeyFiles.load(cluster.home(TARGET).nodeKeyFile()).publicKey());
        AtomicInteger disconnects = new AtomicInteger();
        PeerListener countDisconnects = new PeerListener() {
            @Override
            public void onPeerConnected(PeerId peer) {
            }

            @Override
            public void onMessage(PeerId peer, PeerMessage message) {
            }

            @Override
            public void onPeerDisconnected(PeerId peer) {
                if (peer.equals(node)) {
                    disconnects.incrementAndGet();
                }
            }
        };
        P2pConfig config = P2pConfig.builder(stranger, cluster.genesis().getChainId())
                .listen("127.0.0.1", 0)
                .persistentPeer(new PeerAddress(p2p.host(), p2p.port(), node))
                .reconnectBackoff(200, 1000)
                .build();
        try (PeerManager relay = new PeerManager(config, countDisconnects);
                NativeClient queries = NativeClient.connect(client.host(), client.port())) {
            relay.start();
            TestWaits.await("a link to node" + TARGET, DROP_TIMEOUT, Duration.ofMillis(50)).until(() -> relay.peers().contains(node));

            Tx valid = traffic.nextWish(2);
            relay.send(node, PeerMessage.newBuilder().setTxs(GossipTxs.newBuilder().addTxs(valid)).build());
            TestWaits.await("node" + TARGET + " to admit the valid tx relayed by the peer", DROP_TIMEOUT, Duration.ofMillis(50)).until(() -> {
                ClientResponse r = queries.query(Hashes.txHash(valid)).get();
                return r.hasPending() || r.hasCommitted();
            });
            assertEquals(0, disconnects.get(), "relaying a valid tx is no offence");

            Tx forged = traffic.nextWish(1);
            byte[] sig = forged.getSignature().toByteArray();
            sig[40] ^= 0x04;
            relay.send(node, PeerMessage.newBuilder().setTxs(GossipTxs.newBuilder()
                    .addTxs(forged.toBuilder().setSignature(ByteString.copyFrom(sig)))).build());
            TestWaits.await("node" + TARGET + " to cut off the peer that relayed a forged tx", DROP_TIMEOUT,
                    Duration.ofMillis(50)).until(() -> disconnects.get() > 0);
        }
    }

    private static void assertValidatorLinks(LocalCluster cluster) throws Exception {
        Set<String> validators = new java.util.HashSet<>();
        for (int n : cluster.all()) {
            if (n != TARGET) {
                validators.add(PeerId.of(KeyFiles.load(cluster.home(n).nodeKeyFile()).publicKey()).hex());
            }
        }
        TestWaits.await("node" + TARGET + " linked to every other validator", DROP_TIMEOUT, Duration.ofMillis(100)).until(() -> {
            Set<String> peers = new java.util.HashSet<>();
            cluster.status(TARGET).getPeersList().forEach(p -> peers.add(p.getNodeId()));
            if (!peers.containsAll(validators)) {
                throw new IllegalStateException("peers " + peers + " lack some of " + validators);
            }
            return true;
        });
    }
}
