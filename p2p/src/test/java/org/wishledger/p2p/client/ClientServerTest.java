package org.wishledger.p2p.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Accepted;
import org.wishledger.ledger.proto.ClientRequest;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxUnknown;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.p2p.Await;
import org.wishledger.client.NativeClient;

/** The native client port over real sockets: pipelining, hostile frames, in-flight limits. */
class ClientServerTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A node stand-in that accepts every tx and answers its hash; the transport is what is tested. */
    private static CompletableFuture<ClientResponse> acceptAll(ClientRequest request) {
        return switch (request.getRequestCase()) {
            case SUBMIT -> {
                if (request.getSubmit().getTx().getSignature().isEmpty()) {
                    yield CompletableFuture.failedFuture(new Rejection(ErrorCode.BAD_SIGNATURE, "tx has no signature"));
                }
                yield CompletableFuture.completedFuture(ClientResponse.newBuilder().setAccepted(Accepted.newBuilder()
                        .setHash(ByteString.copyFrom(Hashes.txHash(request.getSubmit().getTx())))).build());
            }
            case QUERY -> CompletableFuture.completedFuture(ClientResponse.newBuilder()
                    .setUnknown(TxUnknown.newBuilder().setHash(request.getQuery().getHash())).build());
            case REQUEST_NOT_SET -> throw new AssertionError("server must not pass empty requests on");
        };
    }

    private ClientServer server(ClientServerConfig config, ClientRequestHandler handler) throws InterruptedException {
        ClientServer server = new ClientServer(config, handler).start();
        open.add(server);
        return server;
    }

    private NativeClient client(ClientServer server) throws IOException {
        NativeClient client = NativeClient.connect("127.0.0.1:" + server.address().getPort());
        open.add(client);
        return client;
    }

    private static Tx tx(int i) {
        return Tx.newBuilder().setBodyBytes(ByteString.copyFromUtf8("wish number " + i + " ".repeat(200)))
                .setSignature(ByteString.copyFrom(new byte[64])).build();
    }

    @Test
    void pipelinedRequestsAreAllAnsweredAndMatchedByRequestId() throws Exception {
        ClientServer server = server(ClientServerConfig.defaults("127.0.0.1", 0), ClientServerTest::acceptAll);
        NativeClient client = client(server);
        int n = 5_000;
        List<CompletableFuture<ClientResponse>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(client.submit(tx(i), WaitFor.NONE));
        }
        for (int i = 0; i < n; i++) {
            ClientResponse response = futures.get(i).get(20, TimeUnit.SECONDS);
            assertTrue(response.hasAccepted(), response.toString());
            assertArrayEquals(Hashes.txHash(tx(i)), response.getAccepted().getHash().toByteArray(), "response " + i);
        }
        assertEquals(0, client.inFlight());

        ClientResponse rejected = client.submit(Tx.newBuilder().setBodyBytes(ByteString.copyFromUtf8("x")).build(),
                WaitFor.ACCEPTED).get(5, TimeUnit.SECONDS);
        assertEquals(ErrorCode.BAD_SIGNATURE, rejected.getRejected().getCode());
        assertEquals("tx has no signature", rejected.getRejected().getMessage());
    }

    @Test
    void malformedFrameIsRejectedAndTheConnectionGoesOn() throws Exception {
        long seed = System.nanoTime();
        ClientServer server = server(ClientServerConfig.defaults("127.0.0.1", 0), ClientServerTest::acceptAll);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            socket.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] garbage = new byte[100];
            new Random(seed).nextBytes(garbage);
            garbage[0] = (byte) 0xff; // field 31, wire type 7: never a valid protobuf tag
            writeFrame(out, garbage);
            ClientResponse first = readFrame(in);
            assertEquals(ErrorCode.MALFORMED, first.getRejected().getCode(), "seed " + seed + ": " + first);

            writeFrame(out, new byte[0]); // an empty ClientRequest: decodes, but asks for nothing
            assertEquals(ErrorCode.BAD_REQUEST, readFrame(in).getRejected().getCode());

            writeFrame(out, ClientRequest.newBuilder().setRequestId(77).setSubmit(
                    org.wishledger.ledger.proto.SubmitTx.newBuilder().setTx(tx(1))).build().toByteArray());
            ClientResponse ok = readFrame(in);
            assertEquals(77, ok.getRequestId());
            assertTrue(ok.hasAccepted(), "the same connection keeps working after a malformed frame (seed " + seed + ")");
        }
    }

    @Test
    void oversizeAndTruncatedFramesCloseOnlyTheirOwnConnection() throws Exception {
        ClientServer server = server(ClientServerConfig.defaults("127.0.0.1", 0).withPartialFrameTimeoutMillis(300),
                ClientServerTest::acceptAll);
        int port = server.address().getPort();
        NativeClient good = client(server);
        assertTrue(good.submit(tx(0), WaitFor.NONE).get(5, TimeUnit.SECONDS).hasAccepted());

        // Length prefix above the 64 KiB maximum.
        assertClosedBy(port, ByteBuffer.allocate(8).putInt(64 * 1024 + 1).putInt(0).array(), false);
        assertClosedBy(port, ByteBuffer.allocate(4).putInt(0xffff_ffff).array(), false);
        // A frame that promises 100 bytes, delivers 10 and goes quiet.
        assertClosedBy(port, ByteBuffer.allocate(14).putInt(100).array(), false);
        // A frame cut short by the client closing its side.
        assertClosedBy(port, ByteBuffer.allocate(14).putInt(100).array(), true);

        for (int i = 1; i <= 100; i++) {
            assertTrue(good.submit(tx(i), WaitFor.NONE).get(5, TimeUnit.SECONDS).hasAccepted(),
                    "the well-behaved client is still served");
        }
        assertTrue(good.isOpen());
    }

    @Test
    void inFlightRequestsPerConnectionAreBounded() throws Exception {
        int maxInFlight = 4;
        Queue<CompletableFuture<ClientResponse>> parked = new ConcurrentLinkedQueue<>();
        AtomicInteger handed = new AtomicInteger();
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger maxOutstanding = new AtomicInteger();
        ClientServer server = server(ClientServerConfig.defaults("127.0.0.1", 0).withMaxInFlightPerConnection(maxInFlight),
                request -> {
                    handed.incrementAndGet();
                    maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
                    CompletableFuture<ClientResponse> answer = new CompletableFuture<>();
                    parked.add(answer);
                    return answer.thenApply(r -> {
                        outstanding.decrementAndGet();
                        return r;
                    });
                });
        NativeClient client = client(server);
        int n = 50;
        List<CompletableFuture<ClientResponse>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(client.submit(tx(i), WaitFor.COMMITTED));
        }
        Await.until(() -> handed.get() == maxInFlight, () -> "handler should get exactly " + maxInFlight);
        int answered = 0;
        while (answered < n) {
            // Answer everything the server has handed over; it may then read (at most) as many more.
            int before = answered;
            CompletableFuture<ClientResponse> next;
            while ((next = parked.poll()) != null) {
                next.complete(ClientResponse.newBuilder().setAccepted(Accepted.getDefaultInstance()).build());
                answered++;
            }
            assertTrue(maxOutstanding.get() <= maxInFlight, "at most " + maxInFlight + " in flight, saw " + maxOutstanding.get());
            if (answered == before) {
                int done = answered;
                Await.until(() -> !parked.isEmpty(), Duration.ofSeconds(5),
                        () -> "server should read more once answers go out; answered " + done + " handed " + handed.get());
            }
        }
        for (CompletableFuture<ClientResponse> f : futures) {
            assertTrue(f.get(5, TimeUnit.SECONDS).hasAccepted());
        }
        assertEquals(n, handed.get());
        assertEquals(maxInFlight, maxOutstanding.get());
    }

    private static void assertClosedBy(int port, byte[] bytes, boolean halfClose) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            try {
                assertEquals(-1, in.read(), "server should close without answering");
            } catch (IOException reset) {
                // closed with a reset: also a close
            }
        }
    }

    private static void writeFrame(DataOutputStream out, byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    private static ClientResponse readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        byte[] payload = new byte[length];
        in.readFully(payload);
        return ClientResponse.parseFrom(payload);
    }

    @Test
    void pendingRequestsFailWhenTheConnectionDrops() throws Exception {
        ClientServer server = server(ClientServerConfig.defaults("127.0.0.1", 0), request -> new CompletableFuture<>());
        NativeClient client = client(server);
        List<CompletableFuture<ClientResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(client.submit(tx(i), WaitFor.COMMITTED));
        }
        Await.until(() -> server.connections() == 1, () -> "connected");
        server.close();
        for (CompletableFuture<ClientResponse> f : futures) {
            java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof IOException, failed.toString());
        }
        assertTrue(client.submit(tx(9), WaitFor.NONE).isCompletedExceptionally(), "a closed client fails fast");
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        ClientServer server = server(ClientServerConfig.defaults("127.0.0.1", 0).withMaxConnections(1),
                ClientServerTest::acceptAll);
        NativeClient first = client(server);
        assertTrue(first.submit(tx(1), WaitFor.NONE).get(5, TimeUnit.SECONDS).hasAccepted());
        assertClosedBy(server.address().getPort(), new byte[0], false);
        assertTrue(first.submit(tx(2), WaitFor.NONE).get(5, TimeUnit.SECONDS).hasAccepted(), "the first keeps working");
    }

    /** Accepts land on several event loops at once; the limit must hold for simultaneous arrivals too. */
    @Test
    void theConnectionLimitHoldsWhenManyClientsArriveAtOnce() throws Exception {
        int limit = 2;
        int arrivals = 40;
        ClientServer server = server(ClientServerConfig.defaults("127.0.0.1", 0).withMaxConnections(limit),
                ClientServerTest::acceptAll);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(arrivals);
        List<java.net.Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger closedByServer = new AtomicInteger();
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < arrivals; i++) {
                pool.execute(() -> {
                    try {
                        start.await();
                        java.net.Socket socket = new java.net.Socket("127.0.0.1", server.address().getPort());
                        sockets.add(socket);
                        if (socket.getInputStream().read() == -1) {
                            closedByServer.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException ignored) {
                        // our own close() at the end of the test
                    }
                });
            }
            start.countDown();
            Await.until(() -> closedByServer.get() >= arrivals - limit, Duration.ofSeconds(20),
                    () -> closedByServer.get() + " of " + arrivals + " closed by the server");
            assertEquals(arrivals - limit, closedByServer.get(), "all but " + limit + " closed by the server");
            assertEquals(limit, server.connections(), "exactly the limit stays open");
        } finally {
            synchronized (sockets) {
                for (java.net.Socket socket : sockets) {
                    socket.close();
                }
            }
            pool.shutdownNow();
        }
    }

    @Test
    void aClientThatDoesNotReadItsResponsesIsPausedThenServedInFull() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        ClientServer server = server(ClientServerConfig.defaults("127.0.0.1", 0), request -> {
            handled.incrementAndGet();
            return acceptAll(request);
        });
        int n = 20_000;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            socket.setSoTimeout(20_000);
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream()));
            // Write everything before reading anything: the server must stop reading rather than
            // buffer 30,000 unread answers, and the writer then blocks on TCP until we read.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 1; i <= n; i++) {
                        writeFrame(out, ClientRequest.newBuilder().setRequestId(i).setSubmit(
                                org.wishledger.ledger.proto.SubmitTx.newBuilder().setTx(tx(i))).build().toByteArray());
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            java.util.BitSet seen = new java.util.BitSet();
            for (int i = 0; i < n; i++) {
                ClientResponse r = readFrame(in);
                assertTrue(r.hasAccepted(), r.toString());
                seen.set((int) r.getRequestId());
            }
            writer.join(10_000);
            assertEquals(n, seen.cardinality(), "every request answered exactly once");
            assertEquals(n, handled.get());
        }
    }

    @Test
    void handlerFailuresBecomeRejectionsAndNeverLeaveARequestUnanswered() throws Exception {
        ClientServer server = server(ClientServerConfig.defaults("127.0.0.1", 0).withMaxInFlightPerConnection(2),
                request -> switch ((int) request.getSubmit().getTx().getBodyBytes().byteAt(0)) {
                    case 'r' -> CompletableFuture.failedFuture(new Rejection(ErrorCode.FEE_TOO_LOW, "fee 1 < 10"));
                    case 't' -> throw new IllegalStateException("handler threw");
                    case 'n' -> null;
                    case 'v' -> CompletableFuture.completedFuture(null);
                    default -> CompletableFuture.failedFuture(new java.io.UncheckedIOException(new IOException("disk")));
                });
        NativeClient client = client(server);
        java.util.Map<String, ErrorCode> expected = java.util.Map.of("r", ErrorCode.FEE_TOO_LOW, "t", ErrorCode.INTERNAL,
                "n", ErrorCode.INTERNAL, "v", ErrorCode.INTERNAL, "x", ErrorCode.INTERNAL);
        for (int round = 0; round < 3; round++) { // more than maxInFlight: every failure must free its slot
            for (var e : expected.entrySet()) {
                ClientResponse r = client.submit(Tx.newBuilder().setBodyBytes(ByteString.copyFromUtf8(e.getKey())).build(),
                        WaitFor.ACCEPTED).get(5, TimeUnit.SECONDS);
                assertEquals(e.getValue(), r.getRejected().getCode(), e.getKey() + ": " + r);
            }
        }
        assertEquals("fee 1 < 10", client.submit(Tx.newBuilder().setBodyBytes(ByteString.copyFromUtf8("r")).build(),
                WaitFor.NONE).get(5, TimeUnit.SECONDS).getRejected().getMessage());
    }

    @Test
    void oneClientMaySubmitFromManyThreadsAtOnce() throws Exception {
        ClientServer server = server(ClientServerConfig.defaults("127.0.0.1", 0), ClientServerTest::acceptAll);
        NativeClient client = client(server);
        int threads = 4;
        int perThread = 1_500;
        List<CompletableFuture<Void>> done = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                done.add(CompletableFuture.runAsync(() -> {
                    List<CompletableFuture<ClientResponse>> mine = new ArrayList<>();
                    for (int i = base; i < base + perThread; i++) {
                        mine.add(client.submit(tx(i), WaitFor.NONE));
                    }
                    for (int i = 0; i < perThread; i++) {
                        ClientResponse r = mine.get(i).join();
                        assertArrayEquals(Hashes.txHash(tx(base + i)), r.getAccepted().getHash().toByteArray(),
                                "request " + (base + i) + " answered with another request's response");
                    }
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, client.inFlight());
    }

    @Test
    void aServerAnsweringGarbageFailsTheClientsPendingRequests() throws Exception {
        try (java.net.ServerSocket fake = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = fake.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    in.readFully(new byte[in.readInt()]); // one request
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    writeFrame(out, new byte[] {(byte) 0xff, 1, 2, 3}); // not a ClientResponse
                    in.read(); // hold the socket open until the client closes it
                } catch (IOException ignored) {
                    // the client went away
                }
            });
            NativeClient client = NativeClient.connect("127.0.0.1", fake.getLocalPort());
            open.add(client);
            CompletableFuture<ClientResponse> pending = client.submit(tx(1), WaitFor.NONE);
            java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof IOException, failed.toString());
            Await.until(() -> !client.isOpen(), () -> "the client closes a connection that speaks garbage");
        }
    }
}
