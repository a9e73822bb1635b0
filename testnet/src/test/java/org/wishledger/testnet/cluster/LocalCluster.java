package org.wishledger.testnet.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.client.HostPort;
import org.wishledger.client.RpcClient;
import org.wishledger.testnet.local.Await;
import org.wishledger.testnet.local.TestWaits;
import org.wishledger.testnet.local.JavaCommand;
import org.wishledger.testnet.local.LocalTestnet;
import org.wishledger.node.NodeHome;
import org.wishledger.testnet.local.NodeProcesses;
import org.wishledger.testnet.local.TestnetLayout;
import org.wishledger.testnet.local.TestnetSpec;
import org.wishledger.client.proto.NodeStatus;

/**
 * N real node processes on loopback for tests, started through the same code as {@code testnet up}
 * ({@link LocalTestnet}: same genesis and homes, same java, flags and classpath, pid files). Waits are
 * conditions with deadlines; {@link #logs()} gathers every node's output for failure reports.
 */
public final class LocalCluster implements AutoCloseable {
    /** Test nodes are small: 4 of them share 2 cores and the test JVM. */
    private static final List<String> NODE_JVM_ARGS = List.of("-Xmx512m", "-XX:+UseParallelGC");
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final LocalTestnet testnet;
    private final Genesis genesis;
    private final Thread killOnExit;
    private final long createdNanos = System.nanoTime();
    private final java.util.Map<Integer, RpcClient> rpcClients = new java.util.HashMap<>();

    private LocalCluster(LocalTestnet testnet, Genesis genesis) {
        this.testnet = testnet;
        this.genesis = genesis;
        // If the test JVM dies without close(), its nodes must not outlive it.
        this.killOnExit = new Thread(this::killAllQuietly, "local-cluster-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Initialises {@code dir} with {@code validators} nodes and {@code accounts} funded keys, starts all, waits for RPC. */
    public static LocalCluster start(Path dir, int validators, int accounts, long seed) throws Exception {
        return start(dir, validators, accounts, seed, 0);
    }

    /** As above, with the scoring index on the first {@code scoringNodes} nodes (off by default: it costs CPU). */
    public static LocalCluster start(Path dir, int validators, int accounts, long seed, int scoringNodes) throws Exception {
        return start(dir, validators, accounts, seed, scoringNodes, "wishledger-it-" + seed);
    }

    /** As above on a chosen chain id (a "wishledger-local-" one allows the test-only byzantine node option). */
    public static LocalCluster start(Path dir, int validators, int accounts, long seed, int scoringNodes, String chainId)
            throws Exception {
        return start(dir, TestnetSpec.defaults(validators, accounts).withKeySeed(seed)
                .withChainId(chainId).withScoringNodes(scoringNodes));
    }

    /** A cluster of exactly {@code spec} (e.g. one loopback address per node for a chaos test). */
    public static LocalCluster start(Path dir, TestnetSpec spec) throws Exception {
        LocalTestnet testnet = new LocalTestnet(new TestnetLayout(dir),
                JavaCommand.current().withExtraJvmArgs(NODE_JVM_ARGS), false);
        Genesis genesis = testnet.initIfNeeded(spec);
        LocalCluster cluster = new LocalCluster(testnet, genesis);
        try {
            testnet.startAll();
            testnet.awaitRpcReady(START_TIMEOUT, cluster::note);
        } catch (Exception | Error e) {
            AssertionError failure = new AssertionError("cluster did not start: " + e.getMessage() + "\n" + cluster.logs(), e);
            cluster.close();
            throw failure;
        }
        return cluster;
    }

    /** A timestamped line in the test's output (failsafe keeps it), so a slow or failed run can be read. */
    public void note(String what) {
        System.out.printf("[cluster +%6.1f s] %s%n", (System.nanoTime() - createdNanos) / 1e9, what);
    }

    public int size() throws IOException {
        return testnet.layout().nodes().size();
    }

    public Genesis genesis() {
        return genesis;
    }

    /** The launcher behind this cluster (same JVM flags for any node a test restarts itself). */
    public LocalTestnet testnet() {
        return testnet;
    }

    public TestnetLayout layout() {
        return testnet.layout();
    }

    public NodeHome home(int node) {
        return testnet.layout().node(node);
    }

    /** One client (one keep-alive HTTP connection pool) per node, dropped whenever the node stops. */
    public synchronized RpcClient rpc(int node) throws IOException {
        RpcClient client = rpcClients.get(node);
        if (client == null) {
            client = LocalTestnet.rpc(home(node), Duration.ofSeconds(5));
            rpcClients.put(node, client);
        }
        return client;
    }

    private synchronized void forgetRpc(int node) {
        rpcClients.remove(node);
    }

    public HostPort client(int node) throws IOException {
        return HostPort.parse(home(node).readConfig().getClientListen());
    }

    public HostPort p2p(int node) throws IOException {
        return HostPort.parse(home(node).readConfig().getP2PListen());
    }

    public NodeStatus status(int node) throws IOException {
        return rpc(node).status();
    }

    public long height(int node) throws IOException {
        return status(node).getHeight();
    }

    public boolean isRunning(int node) throws IOException {
        return NodeProcesses.running(home(node)).isPresent();
    }

    /** SIGKILL: the node gets no chance to flush or close anything. */
    public void kill(int node) throws IOException {
        note("SIGKILL " + home(node).name());
        testnet.kill(node);
        forgetRpc(node);
    }

    /** SIGTERM with a grace period, as `testnet down` does. */
    public NodeProcesses.Stopped stop(int node) throws IOException {
        NodeProcesses.Stopped stopped = testnet.stop(node, NodeProcesses.DEFAULT_GRACE);
        forgetRpc(node);
        note(home(node).name() + " " + stopped);
        return stopped;
    }

    /**
     * Starts stopped or killed nodes again on their existing homes (all at once, so their JVMs start in
     * parallel) and waits until each one's RPC answers.
     */
    public void restart(int... nodes) throws Exception {
        for (int node : nodes) {
            note("restarting " + home(node).name());
            forgetRpc(node);
            testnet.start(node);
        }
        for (int node : nodes) {
            RpcClient rpc = LocalTestnet.rpc(home(node), Duration.ofSeconds(2));
            TestWaits.await(home(node).name() + " RPC after restart", START_TIMEOUT, Duration.ofMillis(100)).until(() -> {
                if (!isRunning(node)) {
                    throw new Await.GiveUp(home(node).name() + " exited after restart:\n" + home(node).tailProcessLog(30));
                }
                rpc.status();
                return true;
            });
            note(home(node).name() + " answers again");
        }
    }

    public void awaitHeight(int node, long height, Duration timeout) throws TimeoutException, InterruptedException {
        TestWaits.await(home(node).name() + " to reach height " + height, timeout, Duration.ofMillis(100)).until(
                () -> height(node) >= height);
        note(home(node).name() + " reached height " + height);
    }

    /** Waits until every listed node reports the same height, block hash and app hash at one moment. */
    public NodeStatus awaitSameTip(List<Integer> nodes, Duration timeout) throws TimeoutException, InterruptedException {
        NodeStatus[] agreed = new NodeStatus[1];
        TestWaits.await("nodes " + nodes + " to report the same height, block hash and app hash", timeout,
                Duration.ofMillis(50)).until(() -> {
                    NodeStatus first = status(nodes.get(0));
                    for (int n : nodes.subList(1, nodes.size())) {
                        NodeStatus s = status(n);
                        if (s.getHeight() != first.getHeight()
                                || !s.getLatestBlockHash().equals(first.getLatestBlockHash())
                                || !s.getAppHash().equals(first.getAppHash())) {
                            throw new IllegalStateException(home(nodes.get(0)).name() + " at " + first.getHeight()
                                    + " " + first.getLatestBlockHash() + ", " + home(n).name() + " at " + s.getHeight()
                                    + " " + s.getLatestBlockHash());
                        }
                    }
                    agreed[0] = first;
                    return true;
                });
        note("nodes " + nodes + " agree at height " + agreed[0].getHeight());
        return agreed[0];
    }

    public List<Integer> all() throws IOException {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            out.add(i);
        }
        return out;
    }

    /** The last lines of every node's process output and log files, for failure messages. */
    public String logs() {
        StringBuilder b = new StringBuilder();
        try {
            for (NodeHome home : testnet.layout().nodes()) {
                b.append("===== ").append(home.name()).append(": ").append(home.processLog()).append('\n')
                        .append(home.tailProcessLog(80)).append('\n');
                if (Files.isDirectory(home.logsDir())) {
                    try (Stream<Path> files = Files.list(home.logsDir())) {
                        for (Path f : files.filter(p -> !p.equals(home.processLog())).sorted().toList()) {
                            List<String> lines = Files.readAllLines(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                            b.append("----- ").append(f).append('\n')
                                    .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())))
                                    .append('\n');
                        }
                    }
                }
            }
        } catch (IOException e) {
            b.append("(cannot read logs: ").append(e.getMessage()).append(")\n");
        }
        return b.toString();
    }

    /** Graceful stop of every node (SIGTERM, SIGKILL after the grace period). */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            note("stopping all nodes");
            testnet.stopAll(NodeProcesses.DEFAULT_GRACE);
            note("stopped");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    private void killAllQuietly() {
        try {
            for (NodeHome home : testnet.layout().nodes()) {
                NodeProcesses.running(home).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
