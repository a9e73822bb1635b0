package org.wishledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wishledger.p2p.P2pTestNodes.addressOf;
import static org.wishledger.p2p.P2pTestNodes.config;
import static org.wishledger.p2p.P2pTestNodes.markerOf;
import static org.wishledger.p2p.P2pTestNodes.txMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.client.wire.EventLoops;

/** The encrypted, authenticated link over real sockets on 127.0.0.1, including hostile peers. */
class SecureLinkTest {
    private final P2pTestNodes nodes = new P2pTestNodes();
    private final KeyPair keyA = TestKeys.key(1);
    private final KeyPair keyB = TestKeys.key(2);
    private final KeyPair keyC = TestKeys.key(3);

    @AfterEach
    void tearDown() throws Exception {
        nodes.close();
    }

    @Test
    void handshakeBothWaysThenEncryptedRoundTrip() throws Exception {
        RecordingListener la = new RecordingListener();
        RecordingListener lb = new RecordingListener();
        PeerManager a = nodes.start(config(keyA).build(), la);
        TamperingProxy wire = new TamperingProxy(a.listenAddress().getPort(), -1);
        nodes.register(wire);
        PeerManager b = nodes.start(config(keyB)
                .persistentPeer(new PeerAddress("127.0.0.1", wire.port(), a.localId())).build(), lb);

        Await.until(() -> la.count("connected " + b.localId()) == 1 && lb.count("connected " + a.localId()) == 1,
                () -> "link A<->B did not come up: " + la.events + " " + lb.events);
        assertEquals(java.util.Set.of(b.localId()), a.peers());
        assertEquals(java.util.Set.of(a.localId()), b.peers());

        String fromB = "plaintext-marker-from-dialer";
        String fromA = "plaintext-marker-from-acceptor";
        assertEquals(SendResult.QUEUED, b.send(a.localId(), txMessage(fromB, 300)));
        assertEquals(SendResult.QUEUED, a.send(b.localId(), txMessage(fromA, 300)));
        Await.until(() -> la.messages.size() == 1 && lb.messages.size() == 1,
                () -> "messages not delivered: A got " + la.messages.size() + ", B got " + lb.messages.size());
        assertEquals(fromB, markerOf(la.messages.get(0).message()));
        assertEquals(b.localId(), la.messages.get(0).peer());
        assertEquals(fromA, markerOf(lb.messages.get(0).message()));

        String onTheWire = new String(wire.capturedFromDialer(), StandardCharsets.ISO_8859_1);
        assertTrue(onTheWire.length() > 300, "the proxy saw the dialer's frames");
        assertFalse(onTheWire.contains(fromB), "the payload must be encrypted on the wire");
    }

    @Test
    void dialerDropsAPeerWhoseKeyIsNotTheExpectedOne() throws Exception {
        RecordingListener la = new RecordingListener();
        PeerManager b = nodes.start(config(keyB).build(), new RecordingListener());
        // A believes C lives at B's address.
        PeerManager a = nodes.start(config(keyA).persistentPeer(
                new PeerAddress("127.0.0.1", b.listenAddress().getPort(), PeerId.of(keyC.publicKey()))).build(), la);

        Await.until(() -> a.failedHandshakes() >= 2,
                () -> "A should refuse B's key on every (re)dial, failures=" + a.failedHandshakes());
        assertTrue(a.peers().isEmpty(), "A must not keep a link to the wrong key");
        assertTrue(la.events.isEmpty(), "A's node never hears of the impostor: " + la.events);
    }

    @Test
    void acceptorWithAnAllowListRefusesUnknownKeys() throws Exception {
        RecordingListener lb = new RecordingListener();
        PeerManager b = nodes.start(config(keyB).allowPeer(PeerId.of(keyC.publicKey())).build(), lb);
        PeerManager a = nodes.start(config(keyA).persistentPeer(addressOf(b)).build(), new RecordingListener());

        Await.until(() -> b.failedHandshakes() >= 2, () -> "B should refuse A, failures=" + b.failedHandshakes());
        assertTrue(b.peers().isEmpty());
        assertTrue(lb.events.isEmpty(), "B's node never hears of A: " + lb.events);

        // C is on the list and gets in.
        PeerManager c = nodes.start(config(keyC).persistentPeer(addressOf(b)).build(), new RecordingListener());
        Await.until(() -> b.peers().contains(c.localId()), () -> "C is allowed and must connect");
        assertFalse(b.peers().contains(a.localId()));
    }

    @Test
    void tamperedCiphertextClosesTheLinkAndTheMessageIsNeverDelivered() throws Exception {
        RecordingListener la = new RecordingListener();
        RecordingListener lb = new RecordingListener();
        PeerManager a = nodes.start(config(keyA).build(), la);
        // The handshake is ~200 bytes; offset 1500 lands inside the first 4 KB message's ciphertext.
        TamperingProxy mitm = new TamperingProxy(a.listenAddress().getPort(), 1500);
        nodes.register(mitm);
        PeerManager b = nodes.start(config(keyB)
                .persistentPeer(new PeerAddress("127.0.0.1", mitm.port(), a.localId())).build(), lb);
        Await.until(() -> b.peers().contains(a.localId()), () -> "link did not come up");

        assertEquals(SendResult.QUEUED, b.send(a.localId(), txMessage("tampered", 4000)));
        Await.until(() -> la.count("disconnected " + b.localId()) == 1,
                () -> "A must close the link on an authentication failure: " + la.events);
        assertTrue(mitm.hasFlipped());
        assertTrue(la.messages.isEmpty(), "a tampered frame must never reach the node");

        // B re-dials (the proxy only tampers once) and a clean message goes through.
        Await.until(() -> a.peers().contains(b.localId()) && b.peers().contains(a.localId()),
                () -> "B should reconnect: " + lb.events);
        b.send(a.localId(), txMessage("clean", 4000));
        Await.until(() -> la.messages.size() == 1, () -> "clean message after reconnect");
        assertEquals("clean", markerOf(la.messages.get(0).message()));
    }

    @Test
    void hostileBytesOnThePeerPortAreClosedWhileAGoodPeerIsServed() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        RecordingListener la = new RecordingListener();
        PeerManager a = nodes.start(config(keyA).handshakeTimeoutMillis(800).partialFrameTimeoutMillis(300).build(), la);
        PeerManager b = nodes.start(config(keyB).persistentPeer(addressOf(a)).build(), new RecordingListener());
        Await.until(() -> a.peers().contains(b.localId()), () -> "good link did not come up");
        int port = a.listenAddress().getPort();

        byte[] garbage = new byte[200];
        random.nextBytes(garbage);
        garbage[0] = 0; // a plausible small length prefix, so the garbage reaches the handshake
        garbage[1] = 0;
        garbage[2] = 0;
        garbage[3] = 36;
        assertClosedBy(port, garbage, "random bytes (seed " + seed + ")");
        assertClosedBy(port, ByteBuffer.allocate(4).putInt(0x7fff_ffff).array(), "oversize length prefix");
        assertClosedBy(port, ByteBuffer.allocate(4).putInt(-1).array(), "negative length prefix");
        byte[] truncated = ByteBuffer.allocate(14).putInt(36).put("WLP1".getBytes(StandardCharsets.US_ASCII)).array();
        assertClosedBy(port, truncated, "truncated hello that then stalls");
        assertClosedBy(port, new byte[0], "silent connection (handshake timeout)");
        byte[] wrongMagic = ByteBuffer.allocate(40).putInt(36).put("HTTP".getBytes(StandardCharsets.US_ASCII)).array();
        assertClosedBy(port, wrongMagic, "a hello with the wrong magic");

        Await.until(() -> a.failedHandshakes() >= 6,
                () -> "every hostile connection counts as a failed handshake: " + a.failedHandshakes());
        b.send(a.localId(), txMessage("still-served", 300));
        Await.until(() -> la.messages.size() == 1, () -> "the good peer must still be served (seed " + seed + ")");
        assertEquals(1, la.count("connected " + b.localId()), "the good link was never interrupted: " + la.events);
    }

    @Test
    void aFourMebibyteBlockCrossesTheLinkAndAnOversizeMessageIsRefusedAtTheSender() throws Exception {
        RecordingListener la = new RecordingListener();
        RecordingListener lb = new RecordingListener();
        PeerManager a = nodes.start(config(keyA).build(), la);
        PeerManager b = nodes.start(config(keyB).persistentPeer(addressOf(a)).build(), lb);
        // both ends: the sender's link may be registered a moment after the receiver's (it sent NOT_CONNECTED)
        Await.until(() -> la.count("connected " + b.localId()) == 1 && lb.count("connected " + a.localId()) == 1,
                () -> "link");

        assertEquals(SendResult.QUEUED, b.send(a.localId(), txMessage("four-mib-block", 4 << 20)));
        Await.until(() -> la.messages.size() == 1, java.time.Duration.ofSeconds(20), () -> "4 MiB message");
        assertEquals(4 << 20, la.messages.get(0).message().getTxs().getTxs(0).getBodyBytes().size());

        assertEquals(SendResult.TOO_LARGE, b.send(a.localId(), txMessage("too-big", P2pConfig.DEFAULT_MAX_FRAME_BYTES)));
        b.send(a.localId(), txMessage("after", 10));
        Await.until(() -> la.messages.size() == 2, () -> "the link survives a refused message");
        assertEquals("after", markerOf(la.messages.get(1).message()));
        assertEquals(1, la.count("connected " + b.localId()));
    }

    @Test
    void anAuthenticatedPeerSendingUndecodableMessagesIsDropped() throws Exception {
        RecordingListener la = new RecordingListener();
        PeerManager a = nodes.start(config(keyA).build(), la);
        PeerManager b = nodes.start(config(keyB).persistentPeer(addressOf(a)).build(), new RecordingListener());
        Await.until(() -> la.count("connected " + b.localId()) == 1, () -> "good link");

        // A malicious node with a valid key: completes the real handshake, then sends well-encrypted garbage.
        long seed = System.nanoTime();
        io.netty.channel.EventLoopGroup group = EventLoops.create("evil", 1);
        try {
            io.netty.channel.Channel evil = new io.netty.bootstrap.Bootstrap().group(group)
                    .channel(io.netty.channel.socket.nio.NioSocketChannel.class)
                    .handler(new io.netty.channel.ChannelInitializer<io.netty.channel.socket.SocketChannel>() {
                        @Override
                        protected void initChannel(io.netty.channel.socket.SocketChannel ch) {
                            var frames = new org.wishledger.client.wire.LengthPrefixedFrameDecoder(1024);
                            ch.pipeline().addLast(frames, new io.netty.handler.codec.LengthFieldPrepender(4),
                                    new org.wishledger.p2p.secure.SecretHandshakeHandler(keyC, P2pTestNodes.NETWORK,
                                            org.wishledger.p2p.secure.PeerAuthPolicy.acceptAny(), true, 2_000, frames, 1 << 20),
                                    new io.netty.channel.ChannelInboundHandlerAdapter() {
                                        @Override
                                        public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) {
                                            if (evt instanceof org.wishledger.p2p.secure.HandshakeCompleted) {
                                                byte[] garbage = new byte[64];
                                                new Random(seed).nextBytes(garbage);
                                                garbage[0] = (byte) 0xff; // an invalid protobuf tag
                                                ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(garbage));
                                            }
                                        }
                                    });
                        }
                    }).connect("127.0.0.1", a.listenAddress().getPort()).sync().channel();
            PeerId evilId = PeerId.of(keyC.publicKey());
            Await.until(() -> la.count("disconnected " + evilId) == 1,
                    () -> "A must drop a peer that sends undecodable messages (seed " + seed + "): " + la.events);
            Await.until(() -> !evil.isActive(), () -> "the connection is closed");
            assertTrue(la.messages.isEmpty(), "nothing from the evil peer reaches the node");
        } finally {
            EventLoops.shutdown(group);
        }
        b.send(a.localId(), txMessage("still-served", 100));
        Await.until(() -> la.messages.size() == 1, () -> "the good peer is still served");
    }

    /** Sends the bytes and waits for the node to close the connection (read returns -1 or resets). */
    private static void assertClosedBy(int port, byte[] bytes, String what) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            byte[] buf = new byte[1024];
            while (System.nanoTime() < deadline) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException reset) {
                    return; // connection reset by the node: closed
                }
                if (n < 0) {
                    return;
                }
                // the node's own hello (40 bytes) arrives first; keep reading until the close
            }
            throw new AssertionError("node did not close the connection after " + what);
        }
    }
}
