package org.wishledger.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The SOCKS5 path loads and fails clearly on the client's own classpath (without the HTTP codec the
 * proxy module would bring). The path through a real SOCKS5 server is tested in testnet's AnonProxyTest.
 */
class NativeClientProxyTest {
    @Test
    void aProxyThatIsNotListeningIsAClearIoError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free once closed: nobody listens there
        }
        int deadPort = port;
        IOException e = assertThrows(IOException.class,
                () -> NativeClient.connectVia(new HostPort("127.0.0.1", deadPort), "node.example", 26657).close());
        assertTrue(e.getMessage().contains("through the SOCKS5 proxy 127.0.0.1:" + deadPort), e.getMessage());
    }
}
