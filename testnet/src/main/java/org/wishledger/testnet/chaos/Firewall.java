package org.wishledger.testnet.chaos;

import java.io.IOException;
import java.util.List;

/**
 * Network partitions between the nodes of a testnet started with {@code --distinct-loopback}: each node
 * binds (and dials from) its own loopback address, so dropping packets from one address to another in
 * a dedicated iptables chain cuts exactly those links, established ones included. Only loopback
 * addresses are ever named; healing flushes the chain, {@link #close()} removes it.
 */
final class Firewall implements AutoCloseable {
    static final String CHAIN = "WISHLEDGER_CHAOS";

    private final List<String> nodeAddresses;

    private Firewall(List<String> nodeAddresses) {
        this.nodeAddresses = List.copyOf(nodeAddresses);
    }

    /** Installs the (empty) chain, hooked first into OUTPUT (loopback traffic passes OUTPUT once). */
    static Firewall install(List<String> nodeAddresses) throws IOException {
        for (String a : nodeAddresses) {
            if (!a.startsWith("127.")) {
                throw new IOException("node address " + a + " is not a loopback address; partitions are only "
                        + "made between loopback addresses (init the testnet with --distinct-loopback)");
            }
        }
        if (nodeAddresses.stream().distinct().count() != nodeAddresses.size()) {
            throw new IOException("the nodes share addresses " + nodeAddresses + "; a partition needs one address "
                    + "per node: `wishledger testnet init --distinct-loopback`");
        }
        removeChain();
        Shell.run("iptables", "-N", CHAIN);
        Shell.run("iptables", "-I", "OUTPUT", "1", "-j", CHAIN);
        return new Firewall(nodeAddresses);
    }

    /** Drops every packet between nodes on different sides, in both directions. */
    void cut(List<List<Integer>> sides) throws IOException {
        for (int i = 0; i < sides.size(); i++) {
            for (int j = 0; j < sides.size(); j++) {
                if (i == j) {
                    continue;
                }
                for (int a : sides.get(i)) {
                    for (int b : sides.get(j)) {
                        Shell.run("iptables", "-A", CHAIN, "-s", nodeAddresses.get(a), "-d", nodeAddresses.get(b),
                                "-j", "DROP");
                    }
                }
            }
        }
    }

    void heal() throws IOException {
        Shell.run("iptables", "-F", CHAIN);
    }

    @Override
    public void close() {
        removeChain();
    }

    private static void removeChain() {
        Shell.quietly("iptables", "-D", "OUTPUT", "-j", CHAIN);
        Shell.quietly("iptables", "-F", CHAIN);
        Shell.quietly("iptables", "-X", CHAIN);
    }
}
