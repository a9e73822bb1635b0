package org.wishledger.testnet.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.wishledger.client.HostPort;
import org.wishledger.client.RpcClient;
import org.wishledger.client.TxBuilder;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.node.NodeHome;
import org.wishledger.testnet.local.Await;
import org.wishledger.testnet.local.LocalTestnet;
import org.wishledger.testnet.local.NodeProcesses;
import org.wishledger.testnet.proto.VerifyReport;
import org.wishledger.testnet.verify.ChainVerifier;

/**
 * Runs a chaos plan against a local testnet while {@link ChaosLoad} drives wishes through it, then
 * checks what a user was promised: every wish acknowledged as committed is on every node exactly once,
 * the nodes agree block by block, every store re-executes from genesis ({@code chain verify}), and after
 * each perturbation the cluster committed again within the liveness bound. The result is a verdict
 * table; any failed row fails the run.
 */
public final class ChaosRunner {
    /** One line of the verdict table. */
    public record Verdict(String check, boolean ok, String detail) {
    }

    /** How a run is shaped. */
    public record Options(Duration livenessBound, int loadWorkers, Consumer<String> progress) {
    }

    private static final String FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
    private static final Duration SLOW_START = Duration.ofSeconds(150);
    private static final long DISK_HEADROOM_KIB = 1024;
    private static final long DISK_REGROW_KIB = 1024 * 1024;

    private final LocalTestnet testnet;
    private final ChaosPlan plan;
    private final Options options;
    private final List<NodeHome> homes;
    private final List<RpcClient> rpcs = new ArrayList<>();
    private final List<Verdict> verdicts = new ArrayList<>();
    private final List<Integer> disksOnTmpfs = new ArrayList<>();

    public ChaosRunner(LocalTestnet testnet, ChaosPlan plan, Options options) throws IOException {
        this.testnet = testnet;
        this.plan = plan;
        this.options = options;
        this.homes = testnet.layout().nodes();
        plan.checkNodes(homes.size());
        for (NodeHome home : homes) {
            rpcs.add(LocalTestnet.rpc(home, Duration.ofSeconds(3)));
        }
    }

    /** Refuses at once, saying what to install or how to init, if the plan needs what is not here. */
    public void preflight() throws IOException {
        boolean partitions = plan.steps().stream().anyMatch(s -> s instanceof ChaosStep.Partition);
        boolean skews = plan.steps().stream().anyMatch(s -> s instanceof ChaosStep.ClockSkew);
        boolean disks = plan.steps().stream().anyMatch(s -> s instanceof ChaosStep.DiskFull);
        if (partitions && !Shell.has("iptables")) {
            throw new IOException("the plan partitions the network but iptables is missing (apt-get install iptables)");
        }
        if (skews && !Files.exists(Path.of(FAKETIME_LIB))) {
            throw new IOException("the plan skews a clock but " + FAKETIME_LIB + " is missing (apt-get install faketime)");
        }
        if ((partitions || disks) && !"root".equals(System.getProperty("user.name"))) {
            throw new IOException("partitions (iptables) and full disks (mount tmpfs) need root; run as root or "
                    + "remove those steps from the plan");
        }
    }

    public List<Verdict> run() throws IOException, InterruptedException {
        preflight();
        try {
            startAndLoad();
        } catch (IOException e) {
            record(new Verdict("run", false, e.getMessage()));
        } finally {
            stopAndVerify();
        }
        return List.copyOf(verdicts);
    }

    private void startAndLoad() throws IOException, InterruptedException {
        for (int i = 0; i < homes.size(); i++) {
            if (NodeProcesses.running(homes.get(i)).isEmpty()) {
                testnet.start(i);
            }
        }
        awaitAllAnswer();
        Genesis genesis = homes.get(0).readGenesis();
        List<KeyPair> accounts = new ArrayList<>();
        for (Path key : testnet.layout().accountKeys()) {
            if (accounts.size() < options.loadWorkers()) {
                accounts.add(KeyFiles.load(key));
            }
        }
        List<HostPort> clientPorts = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (NodeHome home : homes) {
            clientPorts.add(HostPort.parse(home.readConfig().getClientListen()));
            addresses.add(HostPort.parse(home.readConfig().getP2PListen()).host());
        }
        boolean partitions = plan.steps().stream().anyMatch(s -> s instanceof ChaosStep.Partition);
        try (Firewall firewall = partitions ? Firewall.install(addresses) : null) {
            ChaosLoad load = new ChaosLoad(clientPorts, rpcs, TxBuilder.forGenesis(genesis), accounts,
                    Long.toHexString(System.nanoTime()));
            load.start();
            try {
                try {
                    awaitProgress("the load to commit its first wishes", () -> load.acknowledged().size() >= 10);
                } catch (TimeoutException e) {
                    throw new IOException("the testnet does not commit the chaos load before any fault: " + e.getMessage()
                            + "; check `./wishledger testnet status --dir D` and the nodes' logs", e);
                }
                for (ChaosStep step : plan.steps()) {
                    options.progress().accept("chaos: " + step.describe() + " ...");
                    record(apply(step, firewall));
                }
            } finally {
                if (firewall != null) {
                    firewall.heal();
                }
                resumeAll();
                load.close();
            }
            record(new Verdict("load", load.acknowledged().size() > 0, load.sent() + " sent, "
                    + load.acknowledged().size() + " acknowledged as committed, " + load.timedOut() + " timed out, "
                    + load.refusals()));
            audit(load.acknowledged());
        }
    }

    private void record(Verdict v) {
        verdicts.add(v);
        options.progress().accept("chaos:   " + (v.ok() ? "ok   " : "FAIL ") + v.check() + ": " + v.detail());
    }

    // ---- perturbations -------------------------------------------------------------------------

    private Verdict apply(ChaosStep step, Firewall firewall) throws IOException, InterruptedException {
        try {
            String what = switch (step) {
                case ChaosStep.Pause p -> pause(p);
                case ChaosStep.KillAll k -> killAll();
                case ChaosStep.Partition p -> partition(p, firewall);
                case ChaosStep.ClockSkew s -> skew(s);
                case ChaosStep.DiskFull d -> diskFull(d);
            };
            String resumed = awaitLiveness();
            return new Verdict(step.describe(), true, what + "; " + resumed);
        } catch (TimeoutException | IOException e) {
            return new Verdict(step.describe(), false, e.getMessage());
        }
    }

    private String pause(ChaosStep.Pause p) throws IOException, InterruptedException {
        List<String> pids = pids(p.nodes());
        signal("-STOP", pids);
        try {
            hold(p.hold());
        } finally {
            signal("-CONT", pids);
        }
        return "paused " + pids.size() + " process(es) for " + p.hold().toSeconds() + " s";
    }

    private String killAll() throws IOException, InterruptedException, TimeoutException {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < homes.size(); i++) {
            all.add(i);
        }
        signal("-KILL", pids(all)); // one kill(1) call: all four die within the same instant
        for (NodeHome home : homes) {
            Files.deleteIfExists(home.pidFile());
        }
        testnet.startAll();
        awaitAllAnswer();
        return "killed and restarted all " + homes.size() + " nodes";
    }

    private String partition(ChaosStep.Partition p, Firewall firewall) throws IOException, InterruptedException {
        firewall.cut(p.sides());
        try {
            hold(p.hold());
        } finally {
            firewall.heal();
        }
        return "links cut for " + p.hold().toSeconds() + " s";
    }

    private String skew(ChaosStep.ClockSkew s) throws IOException, InterruptedException, TimeoutException {
        long seconds = s.offset().toSeconds();
        testnet.stop(s.node(), NodeProcesses.DEFAULT_GRACE);
        long skewMs;
        try {
            testnet.start(s.node(), Map.of(
                    "LD_PRELOAD", FAKETIME_LIB,
                    "FAKETIME", (seconds >= 0 ? "+" : "") + seconds + "s",
                    "FAKETIME_DONT_FAKE_MONOTONIC", "1")); // the JVM's timers stay sane; only wall time moves
            // libfaketime intercepts every clock read: the JVM starts several times slower under it
            testnet.awaitRpcReady(s.node(), SLOW_START, line -> { });
            skewMs = rpcs.get(s.node()).status().getNowMs() - System.currentTimeMillis();
            hold(s.hold());
        } finally {
            testnet.stop(s.node(), NodeProcesses.DEFAULT_GRACE);
            testnet.start(s.node());
        }
        testnet.awaitRpcReady(s.node(), SLOW_START, line -> { });
        return "node" + s.node() + " ran " + Math.round(skewMs / 1000.0) + " s off for " + s.hold().toSeconds() + " s";
    }

    private String diskFull(ChaosStep.DiskFull d) throws IOException, InterruptedException, TimeoutException {
        NodeHome home = homes.get(d.node());
        testnet.stop(d.node(), NodeProcesses.DEFAULT_GRACE);
        Path data = home.dataDir();
        Path onDisk = data.resolveSibling("data.on-disk");
        long usedKib = Long.parseLong(Shell.run("du", "-sk", data.toString()).split("\\s+")[0]);
        Files.move(data, onDisk);
        Files.createDirectories(data);
        Shell.run("mount", "-t", "tmpfs", "-o", "size=" + (usedKib + DISK_HEADROOM_KIB) + "k", "tmpfs", data.toString());
        disksOnTmpfs.add(d.node());
        Shell.run("cp", "-a", onDisk + "/.", data.toString());
        ProcessHandle process = testnet.start(d.node());
        long started = System.nanoTime();
        try {
            process.onExit().get(d.fillTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("node" + d.node() + " did not stop within " + d.fillTimeout().toSeconds()
                    + " s of its disk filling up (df: " + Shell.run("df", "-k", data.toString()).replace('\n', ' ') + ")");
        }
        long stoppedAfter = (System.nanoTime() - started) / 1_000_000_000L;
        Files.deleteIfExists(home.pidFile());
        String lastWords = home.tailProcessLog(3).replace('\n', ' ');
        Shell.run("mount", "-o", "remount,size=" + (usedKib + DISK_REGROW_KIB) + "k", data.toString());
        testnet.start(d.node());
        testnet.awaitRpcReady(d.node(), SLOW_START, line -> { });
        awaitCaughtUp(d.node());
        return "node" + d.node() + " stopped " + stoppedAfter + " s after its disk filled (" + lastWords.strip()
                + "), restarted with space and caught up";
    }

    // ---- checks --------------------------------------------------------------------------------

    /** Every node's height passes the highest height seen at the heal by 2 blocks within the bound. */
    private String awaitLiveness() throws IOException, InterruptedException, TimeoutException {
        long healedAt = maxHeight();
        long started = System.nanoTime();
        awaitProgress("every node to commit 2 blocks past height " + healedAt,
                () -> minHeight() >= healedAt + 2);
        double seconds = (System.nanoTime() - started) / 1e9;
        return String.format("all nodes committed again %.1f s after healing (height %d -> %d)", seconds, healedAt,
                minHeight());
    }

    private void awaitCaughtUp(int node) throws InterruptedException, TimeoutException, IOException {
        awaitProgress("node" + node + " to catch up", () -> rpcs.get(node).status().getHeight() + 1 >= maxHeight());
    }

    private void audit(Map<String, Long> acknowledged) throws IOException, InterruptedException {
        long target = acknowledged.values().stream().mapToLong(Long::longValue).max().orElse(0);
        try {
            awaitProgress("every node to reach height " + target, () -> minHeight() >= target);
        } catch (TimeoutException e) {
            record(new Verdict("convergence", false, e.getMessage()));
            return;
        }
        long height = minHeight();
        List<RpcClient> audited = new ArrayList<>();
        for (NodeHome home : homes) {
            // a generous timeout: a page of 100 blocks from a node that is still catching up can be slow
            audited.add(LocalTestnet.rpc(home, Duration.ofSeconds(30)));
        }
        ChainAudit.check(audited, height, acknowledged.keySet()).forEach(this::record);
    }

    private void stopAndVerify() throws IOException, InterruptedException {
        resumeAll();
        testnet.stopAll(NodeProcesses.DEFAULT_GRACE);
        try {
            verifyStores();
        } finally {
            restoreDisks();
        }
    }

    private void verifyStores() throws IOException {
        for (NodeHome home : homes) {
            Path scratch = Files.createTempDirectory("wishledger-chaos-verify-");
            try (LedgerStore store = LedgerStore.open(home.ledgerDir())) {
                VerifyReport r = ChainVerifier.verify(store, home.readGenesis(), scratch, h -> { });
                record(new Verdict("chain verify " + home.name(), r.getOk(), r.getOk()
                        ? r.getBlocks() + " blocks, " + r.getTxs() + " txs re-executed"
                        : "MISMATCH at height " + r.getMismatchHeight() + ": " + r.getMismatch()));
            } catch (RuntimeException e) {
                record(new Verdict("chain verify " + home.name(), false, e.toString()));
            } finally {
                deleteTree(scratch);
            }
        }
    }

    /** Moves a tmpfs-backed data dir back onto the disk (the nodes are stopped). */
    private void restoreDisks() throws IOException {
        for (int node : disksOnTmpfs) {
            Path data = homes.get(node).dataDir();
            Path onDisk = data.resolveSibling("data.on-disk");
            deleteTree(onDisk);
            Files.createDirectories(onDisk);
            Shell.run("cp", "-a", data + "/.", onDisk.toString());
            // lazy: a store's memory-mapped files may stay mapped in this JVM until they are collected
            Shell.run("umount", "-l", data.toString());
            Files.delete(data);
            Files.move(onDisk, data);
        }
        disksOnTmpfs.clear();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void awaitAllAnswer() throws IOException, InterruptedException {
        try {
            testnet.awaitRpcReady(Duration.ofSeconds(90), line -> { });
        } catch (TimeoutException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void awaitProgress(String what, java.util.concurrent.Callable<Boolean> condition)
            throws InterruptedException, TimeoutException {
        Await.until(what, options.livenessBound(), Duration.ofMillis(250), condition);
    }

    private long maxHeight() {
        long max = 0;
        for (RpcClient rpc : rpcs) {
            try {
                max = Math.max(max, rpc.status().getHeight());
            } catch (IOException ignored) {
                // a node that does not answer has no say in the highest height
            }
        }
        return max;
    }

    private long minHeight() throws IOException {
        long min = Long.MAX_VALUE;
        for (RpcClient rpc : rpcs) {
            min = Math.min(min, rpc.status().getHeight());
        }
        return min;
    }

    private List<String> pids(List<Integer> nodes) throws IOException {
        List<String> pids = new ArrayList<>();
        for (int n : nodes) {
            Optional<ProcessHandle> p = NodeProcesses.running(homes.get(n));
            if (p.isEmpty()) {
                throw new IOException("node" + n + " is not running");
            }
            pids.add(Long.toString(p.get().pid()));
        }
        return pids;
    }

    private static void signal(String signal, List<String> pids) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("kill", signal));
        cmd.addAll(pids);
        Shell.run(cmd.toArray(String[]::new));
    }

    private void resumeAll() {
        for (NodeHome home : homes) {
            try {
                NodeProcesses.running(home).ifPresent(p -> Shell.quietly("kill", "-CONT", Long.toString(p.pid())));
            } catch (IOException ignored) {
                // no pid file: nothing paused
            }
        }
    }

    /** A perturbation's duration: the point is to keep the fault in place this long, not to wait for a state. */
    private static void hold(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
