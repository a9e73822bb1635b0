package org.wishledger.p2p;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.GossipTxs;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.Tx;

/** Builds PeerManagers on 127.0.0.1 with test-friendly timings and closes them after each test. */
public final class P2pTestNodes implements AutoCloseable {
    static final String NETWORK = "wishledger-test";
    private final List<AutoCloseable> open = new ArrayList<>();

    public static P2pConfig.Builder config(KeyPair key) {
        return P2pConfig.builder(key, NETWORK)
                .listen("127.0.0.1", 0)
                .ioThreads(1)
                .handshakeTimeoutMillis(2_000)
                .partialFrameTimeoutMillis(1_000)
                .pingIntervalMillis(60_000)
                .idleTimeoutMillis(120_000)
                .reconnectBackoff(50, 400)
                .jitterSeed(42);
    }

    public PeerManager start(P2pConfig config, PeerListener listener) throws InterruptedException {
        PeerManager manager = new PeerManager(config, listener);
        open.add(manager);
        manager.start();
        return manager;
    }

    public static PeerAddress addressOf(PeerManager manager) {
        return new PeerAddress("127.0.0.1", manager.listenAddress().getPort(), manager.localId());
    }

    public static PeerMessage txMessage(String marker, int paddingBytes) {
        byte[] body = new byte[paddingBytes];
        byte[] m = marker.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(m, 0, body, 0, Math.min(m.length, body.length));
        return PeerMessage.newBuilder().setTxs(GossipTxs.newBuilder()
                .addTxs(Tx.newBuilder().setBodyBytes(ByteString.copyFrom(body)))).build();
    }

    public static String markerOf(PeerMessage message) {
        byte[] body = message.getTxs().getTxs(0).getBodyBytes().toByteArray();
        int end = 0;
        while (end < body.length && body[end] != 0) {
            end++;
        }
        return new String(body, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

    public void register(AutoCloseable c) {
        open.add(c);
    }

    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("closing a test node failed", e);
            }
        }
    }
}
