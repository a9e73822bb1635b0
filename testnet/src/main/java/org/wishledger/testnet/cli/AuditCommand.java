package org.wishledger.testnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wishledger.client.RpcClient;
import org.wishledger.node.NodeHome;
import org.wishledger.testnet.chaos.ChainAudit;
import org.wishledger.testnet.chaos.ChaosRunner;
import org.wishledger.testnet.local.LocalTestnet;
import org.wishledger.testnet.local.TestnetLayout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The chaos runner's end checks for a load that ran outside it (scripts/soak, with `bench load
 * --acknowledged`): the running nodes reach the highest acknowledged height, agree block by block, and
 * hold every acknowledged wish exactly once.
 */
@Command(name = "audit", description = "Check that every wish in FILE (lines `hex-tx-hash height`, as `bench load "
        + "--acknowledged` writes them) is on every running node of D exactly once and that the nodes agree block by "
        + "block. Prints a verdict table; exit 5 on any failure. docs/reliability.md", mixinStandardHelpOptions = true)
final class AuditCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", paramLabel = "D", defaultValue = TestnetCommand.DEFAULT_DIR,
            description = "testnet folder (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--acknowledged", required = true, paramLabel = "FILE", description = "acknowledged wishes")
    Path file;

    @Option(names = "--timeout", defaultValue = "180s", converter = DurationConverter.class,
            description = "how long every node may take to reach the highest acknowledged height (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Map<String, Long> acknowledged = read(file);
        long target = acknowledged.values().stream().mapToLong(Long::longValue).max().orElse(0);
        List<RpcClient> rpcs = new ArrayList<>();
        for (NodeHome home : new TestnetLayout(dir).nodes()) {
            rpcs.add(LocalTestnet.rpc(home, Duration.ofSeconds(30)));
        }
        if (rpcs.isEmpty()) {
            throw new CliException(dir + " holds no testnet");
        }
        List<ChaosRunner.Verdict> verdicts = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long height = minHeight(rpcs);
        while (height < target && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            height = minHeight(rpcs);
        }
        verdicts.add(new ChaosRunner.Verdict("convergence", height >= target, "every node at height >= " + height
                + " (highest acknowledged: " + target + ")"));
        if (height >= target) {
            verdicts.addAll(ChainAudit.check(rpcs, height, acknowledged.keySet()));
        }
        boolean ok = true;
        StringBuilder out = new StringBuilder(String.format("audit of %,d acknowledged wishes:%n", acknowledged.size()));
        for (ChaosRunner.Verdict v : verdicts) {
            out.append(String.format("  %-40s  %-4s  %s%n", v.check(), v.ok() ? "ok" : "FAIL", v.detail()));
            ok &= v.ok();
        }
        spec.commandLine().getOut().print(out.append(ok ? "PASS" : "FAIL").append(System.lineSeparator()));
        spec.commandLine().getOut().flush();
        return ok ? 0 : 5;
    }

    /** The lowest height over the nodes; a node that does not answer counts as 0 (not there yet). */
    private static long minHeight(List<RpcClient> rpcs) {
        long min = Long.MAX_VALUE;
        for (RpcClient rpc : rpcs) {
            try {
                min = Math.min(min, rpc.status().getHeight());
            } catch (IOException | RuntimeException notYet) {
                min = 0;
            }
        }
        return min;
    }

    private static Map<String, Long> read(Path file) throws IOException {
        Map<String, Long> out = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split(" ");
            if (f.length == 2) {
                out.put(f[0], Long.parseLong(f[1]));
            } else if (!line.isBlank()) {
                throw new CliException(file + ": not `hash height`: " + line, 2);
            }
        }
        return out;
    }
}
