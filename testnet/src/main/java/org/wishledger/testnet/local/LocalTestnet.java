package org.wishledger.testnet.local;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.client.RpcClient;
import org.wishledger.node.proto.NodeConfig;
import org.wishledger.client.proto.NodeStatus;
import org.wishledger.testnet.proto.TestnetInfo;
import org.wishledger.testnet.proto.TestnetNode;
import org.wishledger.node.NodeHome;
import org.wishledger.node.logging.LogFormat;

/**
 * A testnet folder and its processes: what {@code testnet up|down|status} do, shared with the cluster
 * test harness so tests exercise the same code path as users.
 */
public final class LocalTestnet {
    private final TestnetLayout layout;
    private final JavaCommand java;
    private final boolean detach;
    private final LogFormat logFormat;

    public LocalTestnet(TestnetLayout layout, JavaCommand java, boolean detach) {
        this(layout, java, detach, null);
    }

    /** @param logFormat the nodes' {@code --log-format}; null leaves it to each node.json */
    public LocalTestnet(TestnetLayout layout, JavaCommand java, boolean detach, LogFormat logFormat) {
        this.layout = layout;
        this.java = java;
        this.detach = detach;
        this.logFormat = logFormat;
    }

    public TestnetLayout layout() {
        return layout;
    }

    /** Initialises the folder with {@code spec} unless it already holds a testnet; returns the genesis. */
    public Genesis initIfNeeded(TestnetSpec spec) throws IOException {
        if (layout.isInitialized()) {
            return layout.node(0).readGenesis();
        }
        return TestnetInitializer.init(layout, spec);
    }

    /** Starts every node that is not already running; returns the handles of those it started. */
    public List<ProcessHandle> startAll() throws IOException {
        List<ProcessHandle> started = new ArrayList<>();
        for (NodeHome home : layout.nodes()) {
            if (NodeProcesses.running(home).isEmpty()) {
                started.add(NodeProcesses.start(home, java, detach, logFormat, Map.of()));
            }
        }
        return started;
    }

    public ProcessHandle start(int node) throws IOException {
        return NodeProcesses.start(layout.node(node), java, detach, logFormat, Map.of());
    }

    /** Starts one node with extra environment variables (e.g. libfaketime's, for a clock-skew test). */
    public ProcessHandle start(int node, Map<String, String> extraEnv) throws IOException {
        return NodeProcesses.start(layout.node(node), java, detach, logFormat, extraEnv);
    }

    public NodeProcesses.Stopped stop(int node, Duration grace) throws IOException {
        return NodeProcesses.stop(layout.node(node), grace);
    }

    public void kill(int node) throws IOException {
        NodeProcesses.kill(layout.node(node));
    }

    /** Stops every node this CLI started, in parallel (each gets the full grace period). */
    public List<NodeProcesses.Stopped> stopAll(Duration grace) throws IOException, InterruptedException {
        List<NodeHome> homes = layout.nodes();
        List<Thread> threads = new ArrayList<>();
        NodeProcesses.Stopped[] results = new NodeProcesses.Stopped[homes.size()];
        IOException[] errors = new IOException[homes.size()];
        for (int i = 0; i < homes.size(); i++) {
            int n = i;
            threads.add(Thread.ofPlatform().name("stop-" + homes.get(n).name()).start(() -> {
                try {
                    results[n] = NodeProcesses.stop(homes.get(n), grace);
                } catch (IOException e) {
                    errors[n] = e;
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        for (IOException e : errors) {
            if (e != null) {
                throw e;
            }
        }
        return List.of(results);
    }

    public RpcClient rpc(int node) throws IOException {
        return rpc(layout.node(node), Duration.ofSeconds(10));
    }

    public static RpcClient rpc(NodeHome home, Duration timeout) throws IOException {
        return new RpcClient("http://" + home.readConfig().getRpcListen(), timeout);
    }

    /**
     * Waits until every node's /status answers; fails early, with the log's location, if a node process
     * exits while we wait.
     */
    public void awaitRpcReady(Duration timeout, Consumer<String> progress) throws IOException, TimeoutException,
            InterruptedException {
        awaitRpcReady(layout.nodes(), timeout, progress);
    }

    /** Waits until one node's /status answers. */
    public void awaitRpcReady(int node, Duration timeout, Consumer<String> progress) throws IOException,
            TimeoutException, InterruptedException {
        awaitRpcReady(List.of(layout.node(node)), timeout, progress);
    }

    private void awaitRpcReady(List<NodeHome> homes, Duration timeout, Consumer<String> progress) throws IOException,
            TimeoutException, InterruptedException {
        for (NodeHome home : homes) {
            RpcClient rpc = rpc(home, Duration.ofSeconds(2));
            Await.until(home.name() + " RPC at " + rpc.baseUrl() + "/status", timeout, Duration.ofMillis(200), () -> {
                if (NodeProcesses.running(home).isEmpty() && !detachedElsewhere(home)) {
                    throw new Await.GiveUp(home.name() + " exited while starting; last lines of " + home.processLog()
                            + ":\n" + home.tailProcessLog(15));
                }
                rpc.status();
                return true;
            });
            progress.accept(home.name() + " is answering at " + rpc.baseUrl());
        }
    }

    /** A node without a pid file may have been started by hand (`node start`); then only RPC tells. */
    private static boolean detachedElsewhere(NodeHome home) {
        return !Files.exists(home.pidFile());
    }

    /** The folder's nodes, their addresses, processes and (if {@code queryRpc}) their /status. */
    public TestnetInfo describe(boolean queryRpc) throws IOException {
        TestnetInfo.Builder info = TestnetInfo.newBuilder().setDir(layout.dir().toString());
        List<NodeHome> homes = layout.nodes();
        if (!homes.isEmpty() && homes.get(0).isInitialized()) {
            info.setChainId(homes.get(0).readGenesis().getChainId());
        }
        for (NodeHome home : homes) {
            info.addNodes(describe(home, queryRpc));
        }
        for (var key : layout.accountKeys()) {
            info.addAccountKeys(key.toString());
        }
        return info.build();
    }

    private static TestnetNode describe(NodeHome home, boolean queryRpc) throws IOException {
        NodeConfig config = home.readConfig();
        KeyPair key = KeyFiles.load(home.nodeKeyFile());
        TestnetNode.Builder node = TestnetNode.newBuilder()
                .setName(home.name())
                .setHome(home.path().toString())
                .setNodeId(org.wishledger.ledger.crypto.Hex.encode(key.publicKey().encoded()))
                .setValidatorAddress(key.publicKey().addressHex())
                .setP2P(config.getP2PListen())
                .setRpcUrl("http://" + config.getRpcListen())
                .setClient(config.getClientListen())
                .setLog(home.processLog().toString());
        Optional<ProcessHandle> process = NodeProcesses.running(home);
        process.ifPresent(p -> node.setPid(p.pid()).setRunning(true));
        if (queryRpc) {
            try {
                NodeStatus status = rpc(home, Duration.ofSeconds(2)).status();
                node.setRpcOk(true)
                        .setHeight(status.getHeight())
                        .setPeers(status.getPeersCount())
                        .setCatchingUp(status.getCatchingUp())
                        .setLatestBlockHash(status.getLatestBlockHash())
                        .setAppHash(status.getAppHash());
            } catch (IOException e) {
                node.setError(e.getMessage());
            }
        }
        return node.build();
    }
}
