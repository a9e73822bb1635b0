package org.wishledger.testnet.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Distinct free TCP ports on one interface, chosen BELOW the kernel's ephemeral range (Linux:
 * 32768-60999). A port the kernel hands out on its own (port 0) is from that range, and so is the local
 * port of every outgoing connection on the machine: such a port can be taken again before the node
 * binds it, which the node then reports as "address in use". Below the range only a program that asks
 * for that very port can take it. The scan starts at a random offset so two testnets rarely meet, and
 * every socket stays bound until all ports are chosen, so one call never returns a port twice.
 */
public final class FreePorts {
    static final int LOWEST = 20_000;
    static final int HIGHEST = 32_000;

    private FreePorts() {
    }

    public static int[] allocate(String host, int count) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            int span = HIGHEST - LOWEST;
            int offset = ThreadLocalRandom.current().nextInt(span);
            int found = 0;
            for (int tried = 0; tried < span && found < count; tried++) {
                int port = LOWEST + (offset + tried) % span;
                try {
                    ServerSocket socket = new ServerSocket();
                    socket.setReuseAddress(false);
                    held.add(socket);
                    socket.bind(new InetSocketAddress(address, port), 1);
                    ports[found++] = port;
                } catch (IOException inUse) {
                    // taken: try the next one
                }
            }
            if (found < count) {
                throw new IOException("only " + found + " of " + count + " free ports between " + LOWEST + " and "
                        + HIGHEST + " on " + host + "; free some ports or use another host address");
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}
