package org.wishledger.testnet.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Distinct free TCP ports on one interface. All sockets stay bound until every port is chosen, so
 * the kernel cannot hand the same port out twice; another program may still take one before the
 * node binds it, which the node then reports as "address in use".
 */
public final class FreePorts {
    private FreePorts() {
    }

    public static int[] allocate(String host, int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            InetAddress address = InetAddress.getByName(host);
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, address);
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}
