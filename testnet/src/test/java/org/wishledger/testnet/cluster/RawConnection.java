package org.wishledger.testnet.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.wishledger.client.HostPort;

/** A plain TCP socket for sending bytes no well-behaved client would send. */
final class RawConnection implements AutoCloseable {
    private final Socket socket;

    RawConnection(HostPort target) throws IOException {
        socket = new Socket(target.host(), target.port());
        socket.setTcpNoDelay(true);
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Half-closes: the peer sees end of stream after what was sent (a truncated frame stays truncated). */
    void finishSending() throws IOException {
        socket.shutdownOutput();
    }

    /**
     * Reads until the peer closes the connection or resets it; returns what arrived before that.
     *
     * @throws AssertionError if the connection is still open after {@code timeout}
     */
    byte[] awaitClosedByPeer(Duration timeout) throws IOException {
        socket.setSoTimeout(200);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                int n = in.read(buf);
                if (n < 0) {
                    return received.toByteArray();
                }
                received.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the node kept the connection open for " + timeout.toMillis() + " ms");
                }
            } catch (SocketException e) {
                return received.toByteArray(); // reset by peer: dropped
            }
        }
    }

    static byte[] lengthPrefix(int length) {
        return new byte[]{(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
