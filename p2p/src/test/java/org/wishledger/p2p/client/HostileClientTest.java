package org.wishledger.p2p.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.proto.Accepted;
import org.wishledger.ledger.proto.ClientRequest;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.QueryTx;
import org.wishledger.ledger.proto.SubmitTx;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxUnknown;

/**
 * The hostile-client probes of issue 10 against the native client port, over real sockets: a frame
 * trickled one byte at a time, an idle connection, one address taking every slot, a {@code wait} that is
 * not a WaitFor, a query hash of the wrong length. Each must get its documented answer (docs/p2p.md).
 */
class HostileClientTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static CompletableFuture<ClientResponse> acceptAll(ClientRequest request) {
        return CompletableFuture.completedFuture(switch (request.getRequestCase()) {
            case SUBMIT -> ClientResponse.newBuilder().setAccepted(Accepted.getDefaultInstance()).build();
            default -> ClientResponse.newBuilder().setUnknown(TxUnknown.getDefaultInstance()).build();
        });
    }

    private int start(ClientServerConfig config, ClientRequestHandler handler) throws InterruptedException {
        ClientServer server = new ClientServer(config, handler).start();
        open.add(server);
        return server.address().getPort();
    }

    private Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        open.add(socket);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** True once the server has closed the socket (EOF or reset); false if it is still open at the deadline. */
    private static boolean closedWithin(Socket socket, long millis) throws IOException {
        socket.setSoTimeout((int) millis);
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void aFrameTrickledOneByteAtATimeIsCutAtTheWholeFrameDeadline() throws Exception {
        int port = start(ClientServerConfig.defaults("127.0.0.1", 0).withPartialFrameTimeoutMillis(800),
                HostileClientTest::acceptAll);
        Socket socket = connect(port);
        OutputStream out = socket.getOutputStream();
        long started = System.nanoTime();
        out.write(new byte[] {0, 0, 0, 100}); // announces 100 bytes, then sends one every 100 ms
        boolean cut = false;
        for (int i = 0; i < 100 && !cut; i++) {
            try {
                out.write(8);
                out.flush();
            } catch (IOException closed) {
                cut = true;
                break;
            }
            cut = closedWithin(socket, 100);
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(cut, "a frame still incomplete after its deadline must close the connection");
        // gaps between bytes are 100 ms (< 800): only a whole-frame clock closes it this early
        assertTrue(tookMs < 3_000, "closed after " + tookMs + " ms; deadline 800 ms from the first byte");
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        int port = start(ClientServerConfig.defaults("127.0.0.1", 0).withIdleTimeoutMillis(500),
                HostileClientTest::acceptAll);
        Socket socket = connect(port);
        assertTrue(closedWithin(socket, 5_000), "a silent connection is closed after the idle timeout");
    }

    @Test
    void byDefaultAnIdleConnectionIsClosedToo() {
        assertTrue(ClientServerConfig.defaults("127.0.0.1", 0).idleTimeoutMillis() > 0, "idle timeout on by default");
    }

    @Test
    void aConnectionWaitingForAnAnswerIsNotIdle() throws Exception {
        int port = start(ClientServerConfig.defaults("127.0.0.1", 0).withIdleTimeoutMillis(1_000),
                request -> new CompletableFuture<>()); // e.g. a wait=COMMITTED that takes a while
        Socket socket = connect(port);
        writeFrame(socket, submit(1, 0));
        assertTrue(!closedWithin(socket, 3_000), "the client waits for us; it must not be cut as idle");
    }

    @Test
    void oneAddressCannotTakeEverySlot() throws Exception {
        int port = start(ClientServerConfig.defaults("127.0.0.1", 0).withMaxConnections(10)
                .withMaxConnectionsPerAddress(2), HostileClientTest::acceptAll);
        Socket first = connect(port);
        Socket second = connect(port);
        Socket third = connect(port);
        assertTrue(closedWithin(third, 5_000), "the third connection from one address is closed on accept");
        for (Socket kept : List.of(first, second)) {
            writeFrame(kept, submit(7, 0));
            assertTrue(readFrame(kept).hasAccepted(), "connections within the cap keep working");
        }
    }

    @Test
    void aWaitThatIsNotAWaitForIsRejectedAsBadRequest() throws Exception {
        int port = start(ClientServerConfig.defaults("127.0.0.1", 0), HostileClientTest::acceptAll);
        Socket socket = connect(port);
        for (int wait : new int[] {3, 7, -1}) {
            writeFrame(socket, submit(wait + 100, wait));
            ClientResponse answer = readFrame(socket);
            assertEquals(wait + 100, answer.getRequestId());
            assertTrue(answer.hasRejected(), "wait " + wait + ": " + answer);
            assertEquals(ErrorCode.BAD_REQUEST, answer.getRejected().getCode(), "wait " + wait);
        }
    }

    @Test
    void aQueryHashOfTheWrongLengthIsRejectedAsBadRequest() throws Exception {
        int port = start(ClientServerConfig.defaults("127.0.0.1", 0), HostileClientTest::acceptAll);
        Socket socket = connect(port);
        for (int length : new int[] {0, 31, 33}) {
            writeFrame(socket, ClientRequest.newBuilder().setRequestId(length)
                    .setQuery(QueryTx.newBuilder().setHash(ByteString.copyFrom(new byte[length]))).build().toByteArray());
            ClientResponse answer = readFrame(socket);
            assertEquals(ErrorCode.BAD_REQUEST, answer.getRejected().getCode(), "hash of " + length + " bytes: " + answer);
        }
        writeFrame(socket, ClientRequest.newBuilder().setRequestId(32)
                .setQuery(QueryTx.newBuilder().setHash(ByteString.copyFrom(new byte[32]))).build().toByteArray());
        assertTrue(readFrame(socket).hasUnknown(), "a 32-byte hash is a real query");
    }

    private static byte[] submit(long requestId, int wait) {
        Tx tx = Tx.newBuilder().setBodyBytes(ByteString.copyFromUtf8("wish")).build();
        return ClientRequest.newBuilder().setRequestId(requestId)
                .setSubmit(SubmitTx.newBuilder().setTx(tx).setWaitValue(wait)).build().toByteArray();
    }

    private static void writeFrame(Socket socket, byte[] payload) throws IOException {
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    private static ClientResponse readFrame(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return ClientResponse.parseFrom(payload);
    }
}
