package org.wishledger.p2p;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on 127.0.0.1 standing between a dialer and a node, for tests that need to see or change
 * the bytes on the wire: it records what the dialer sends and can flip one bit of it (once, at a given
 * offset of the first connection) to play a man in the middle.
 */
final class TamperingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final long flipOffset;
    private final AtomicBoolean flipped = new AtomicBoolean();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** @param flipOffset offset in the dialer-to-node stream whose byte is corrupted; negative = never */
    TamperingProxy(int targetPort, long flipOffset) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.flipOffset = flipOffset;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    synchronized byte[] capturedFromDialer() {
        return captured.toByteArray();
    }

    boolean hasFlipped() {
        return flipped.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket dialer = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(dialer);
                sockets.add(target);
                boolean tamper = flipOffset >= 0 && flipped.compareAndSet(false, true);
                Thread.ofVirtual().start(() -> pump(dialer, target, tamper, true));
                Thread.ofVirtual().start(() -> pump(target, dialer, false, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean tamper, boolean capture) {
        byte[] buf = new byte[8192];
        long offset = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (tamper && flipOffset >= offset && flipOffset < offset + n) {
                    buf[(int) (flipOffset - offset)] ^= 0x01;
                }
                if (capture) {
                    synchronized (this) {
                        captured.write(buf, 0, n);
                    }
                }
                offset += n;
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: close both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sockets.forEach(TamperingProxy::closeQuietly);
    }
}
