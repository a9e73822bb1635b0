package org.wishledger.p2p.bench;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.proto.Accepted;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.GossipTxs;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.p2p.P2pConfig;
import org.wishledger.p2p.PeerAddress;
import org.wishledger.p2p.PeerChannel;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerListener;
import org.wishledger.p2p.PeerManager;
import org.wishledger.p2p.QueueLimit;
import org.wishledger.p2p.SendResult;
import org.wishledger.p2p.TestKeys;
import org.wishledger.p2p.client.ClientServer;
import org.wishledger.p2p.client.ClientServerConfig;
import org.wishledger.client.NativeClient;

/**
 * Measures, on 127.0.0.1: an encrypted peer link's throughput (msgs/s and MB/s) for 300-byte and
 * 64 KiB messages, one direction, sender back-pressured by the bounded queue; and the native client
 * port's pipelined request rate against a handler that answers at once. Not JMH: the unit of work is
 * a network round, so this is a timed loop after a warm-up, printed as a table.
 *
 * <p>Run: {@code scripts/jmh p2p} builds the classpath; then
 * {@code java $WISHLEDGER_JVM_FLAGS -cp "p2p/target/test-classes:p2p/target/classes:$(cat p2p/target/jmh.classpath)"
 * org.wishledger.p2p.bench.LinkThroughput}
 */
public final class LinkThroughput {
    public static void main(String[] args) throws Exception {
        int smallCount = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String only = args.length > 1 ? args[1] : "all";
        if (only.equals("all") || only.equals("small")) {
            link(300, 200_000, smallCount);
        }
        if (only.equals("all") || only.equals("large")) {
            link(64 << 10, 1_000, 5_000);
        }
        if (only.equals("all") || only.equals("client")) {
            client(50_000, 300_000);
        }
        System.exit(0);
    }

    private static PeerMessage message(int encodedBytes) {
        // A GossipTxs with one Tx whose body fills the message to about encodedBytes.
        byte[] body = new byte[Math.max(0, encodedBytes - 10)];
        return PeerMessage.newBuilder().setTxs(GossipTxs.newBuilder()
                .addTxs(Tx.newBuilder().setBodyBytes(ByteString.copyFrom(body)))).build();
    }

    private static void link(int size, int warmup, int measured) throws Exception {
        AtomicLong received = new AtomicLong();
        QueueLimit big = new QueueLimit(1 << 16, 64L << 20, QueueLimit.Overflow.DROP_NEWEST);
        PeerManager b = new PeerManager(P2pConfig.builder(TestKeys.key(2), "bench").ioThreads(1).build(), new PeerListener() {
            @Override
            public void onPeerConnected(PeerId peer) {
            }

            @Override
            public void onMessage(PeerId peer, PeerMessage message) {
                received.incrementAndGet();
            }

            @Override
            public void onPeerDisconnected(PeerId peer) {
            }
        });
        b.start();
        PeerManager a = new PeerManager(P2pConfig.builder(TestKeys.key(1), "bench").ioThreads(1)
                .queueLimit(PeerChannel.MEMPOOL, big)
                .persistentPeer(new PeerAddress("127.0.0.1", b.listenAddress().getPort(), b.localId())).build(),
                PeerListener.NONE);
        a.start();
        while (!a.peers().contains(b.localId())) {
            Thread.sleep(10);
        }
        PeerMessage m = message(size);
        int encoded = m.getSerializedSize();
        run(a, b.localId(), m, warmup, received);
        long start = System.nanoTime();
        run(a, b.localId(), m, measured, received);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("link  %7d-byte msgs: %,10.0f msgs/s  %8.1f MB/s  (%d msgs in %.2f s)%n",
                encoded, measured / seconds, measured * (double) encoded / seconds / 1e6, measured, seconds);
        a.close();
        b.close();
    }

    private static void run(PeerManager a, PeerId to, PeerMessage m, int count, AtomicLong received) {
        long target = received.get() + count;
        for (int i = 0; i < count; i++) {
            while (a.send(to, m) != SendResult.QUEUED) {
                // Queue full: the link is the bottleneck. Park rather than spin: on 2 cores a spinning
                // sender would steal the event loops' CPU and measure itself.
                LockSupport.parkNanos(50_000);
            }
        }
        while (received.get() < target) {
            LockSupport.parkNanos(50_000);
        }
    }

    private static void client(int warmup, int measured) throws Exception {
        Tx tx = Tx.newBuilder().setBodyBytes(ByteString.copyFrom(new byte[230]))
                .setSignature(ByteString.copyFrom(new byte[64])).build();
        ClientResponse accepted = ClientResponse.newBuilder().setAccepted(Accepted.newBuilder()
                .setHash(ByteString.copyFrom(Hashes.txHash(tx)))).build();
        try (ClientServer server = new ClientServer(ClientServerConfig.defaults("127.0.0.1", 0),
                request -> CompletableFuture.completedFuture(accepted)).start();
             NativeClient client = NativeClient.connect("127.0.0.1", server.address().getPort())) {
            submit(client, tx, warmup);
            long start = System.nanoTime();
            submit(client, tx, measured);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("client %d-byte SubmitTx, pipelined (<= 4096 in flight): %,10.0f req/s (%d in %.2f s)%n",
                    tx.getSerializedSize(), measured / seconds, measured, seconds);
        }
    }

    private static void submit(NativeClient client, Tx tx, int count) throws Exception {
        Semaphore window = new Semaphore(4096);
        for (int i = 0; i < count; i++) {
            window.acquire();
            client.submit(tx, WaitFor.NONE).whenComplete((r, e) -> window.release());
        }
        if (!window.tryAcquire(4096, 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("responses missing");
        }
    }
}
