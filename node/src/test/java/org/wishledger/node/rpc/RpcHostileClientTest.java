package org.wishledger.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hostile-client probes of issue 10 against the RPC over raw loopback sockets: deep pipelining in one
 * write, a request trickled one byte at a time, over-long request line and headers, one address taking
 * every slot. Each must get the answer docs/rpc.md promises.
 */
class RpcHostileClientTest {
    private FakeBackend backend;
    private RpcServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        backend = new FakeBackend(5, 1);
        server = RpcServer.start(RpcConfig.loopback(0).withRequestReadTimeout(Duration.ofMillis(800))
                .withConnectionLimits(10, 3), backend);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        server.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        sockets.add(socket);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** One HTTP/1.1 response: status code, headers lower-cased as written, body by Content-Length. */
    record Response(int status, String head, String body) {
    }

    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a response head: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.substring(9, 12));
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return new Response(status, text.toLowerCase(), new String(body, StandardCharsets.UTF_8));
    }

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
    void twoHundredPipelinedRequestsInOneWriteAreAllAnsweredInOrder() throws Exception {
        Socket socket = connect();
        int n = 200;
        String requests = "GET /status HTTP/1.1\r\nHost: x\r\n\r\n".repeat(n)
                + "GET /blocks/3 HTTP/1.1\r\nHost: x\r\n\r\n"; // a different last one proves the order held
        socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        for (int i = 0; i < n; i++) {
            Response r = read(in);
            assertEquals(200, r.status(), "answer " + i + ": " + r.body());
            assertTrue(r.body().contains("\"latest_block_hash\""), "answer " + i + " is /status: " + r.body());
        }
        Response last = read(in);
        assertEquals(200, last.status());
        assertTrue(last.body().contains("\"height\": \"3\""), last.body());
        // back-pressure, not a close: the connection serves on
        socket.getOutputStream().write("GET /status HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, read(in).status());
    }

    @Test
    void aRequestTrickledOneByteAtATimeIsAnswered408AndClosed() throws Exception {
        Socket socket = connect();
        OutputStream out = socket.getOutputStream();
        byte[] request = ("GET /status HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(200) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long started = System.nanoTime();
        socket.setSoTimeout(100);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        boolean closed = false;
        for (int i = 0; i < request.length && !closed; i++) {
            try {
                out.write(request[i]);
                out.flush();
            } catch (IOException reset) {
                break;
            }
            try {
                int b;
                while ((b = socket.getInputStream().read()) >= 0) {
                    got.write(b);
                }
                closed = true;
            } catch (SocketTimeoutException notYet) {
                // gaps of 100 ms: well under any idle timeout
            } catch (IOException reset) {
                closed = true;
            }
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String answer = got.toString(StandardCharsets.ISO_8859_1);
        assertTrue(answer.startsWith("HTTP/1.1 408"), "answer: " + answer);
        assertTrue(answer.contains("\"TIMEOUT\""), answer);
        assertTrue(closed, "closed after the answer");
        assertTrue(tookMs < 3_000, "took " + tookMs + " ms; the deadline is 800 ms from the first byte");
    }

    @Test
    void aRequestLineOverTheLimitIs400BadRequest() throws Exception {
        Socket socket = connect();
        socket.getOutputStream().write(("GET /status?pad=" + "x".repeat(10 << 10) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        Response r = read(socket.getInputStream());
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("\"BAD_REQUEST\""), r.body());
    }

    @Test
    void headersOverTheLimitAre431TooLarge() throws Exception {
        Socket socket = connect();
        socket.getOutputStream().write(("GET /status HTTP/1.1\r\nHost: x\r\nX-Big: " + "x".repeat(20 << 10)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        Response r = read(socket.getInputStream());
        assertEquals(431, r.status(), r.body());
        assertTrue(r.body().contains("\"TOO_LARGE\""), r.body());
    }

    @Test
    void aHashOfTheWrongLengthIs400() throws Exception {
        Socket socket = connect();
        socket.getOutputStream().write("GET /txs/abcd HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Response r = read(socket.getInputStream());
        assertEquals(400, r.status(), r.body());
    }

    @Test
    void oneAddressCannotTakeEverySlot() throws Exception {
        List<Socket> kept = List.of(connect(), connect(), connect());
        Socket fourth = connect();
        assertTrue(closedWithin(fourth, 5_000), "the fourth connection from one address is closed on accept");
        for (Socket s : kept) {
            s.getOutputStream().write("GET /status HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, read(s.getInputStream()).status(), "connections within the cap keep working");
        }
    }
}
