package org.wishledger.testnet.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.wishledger.testnet.chaos.ChaosPlan;
import org.wishledger.testnet.chaos.ChaosRunner;
import org.wishledger.testnet.local.JavaCommand;
import org.wishledger.testnet.local.LocalTestnet;
import org.wishledger.testnet.local.TestnetLayout;
import org.wishledger.testnet.proto.ChaosReport;
import org.wishledger.testnet.proto.ChaosVerdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "chaos", description = "Drive wishes through the testnet in D while a plan pauses, kills, partitions, "
        + "skews and fills up its nodes; then check every acknowledged wish is on every node exactly once, the nodes "
        + "agree block by block and every store passes chain verify. Prints a verdict table; exit 5 on any failure. "
        + "Partitions need `testnet init --distinct-loopback` and root (iptables). docs/reliability.md",
        mixinStandardHelpOptions = true)
final class ChaosCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", paramLabel = "D", defaultValue = TestnetCommand.DEFAULT_DIR,
            description = "testnet folder (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--plan", required = true, paramLabel = "FILE",
            description = "plan file, or a shipped plan: short (CI) or long")
    String planName;

    @Option(names = "--shuffle", description = "run the steps in a random order drawn from --seed")
    boolean shuffle;

    @Option(names = "--seed", defaultValue = "1", description = "seed of --shuffle (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--liveness-bound", defaultValue = "90s", converter = DurationConverter.class,
            description = "after each step every node must commit 2 more blocks within this (default: ${DEFAULT-VALUE})")
    Duration livenessBound;

    @Option(names = "--workers", defaultValue = "16",
            description = "load: accounts sending one wish at a time each (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        TestnetLayout layout = new TestnetLayout(dir);
        if (!layout.isInitialized()) {
            throw new CliException(dir + " holds no testnet; create one with `./wishledger testnet init --dir " + dir
                    + " --distinct-loopback`");
        }
        ChaosPlan plan;
        try {
            plan = ChaosPlan.load(planName);
        } catch (IllegalArgumentException e) {
            throw new CliException("bad plan: " + e.getMessage());
        }
        if (shuffle) {
            plan = plan.shuffled(seed);
        }
        long started = System.nanoTime();
        ChaosRunner runner;
        List<ChaosRunner.Verdict> verdicts;
        try {
            runner = new ChaosRunner(new LocalTestnet(layout, JavaCommand.current(), true), plan,
                    new ChaosRunner.Options(livenessBound, workers, line -> Output.progress(spec, line)));
            verdicts = runner.run();
        } catch (IllegalArgumentException e) {
            throw new CliException("bad plan: " + e.getMessage());
        }
        ChaosReport.Builder report = ChaosReport.newBuilder().setPlan(plan.name()).setSeed(shuffle ? seed : 0)
                .setSeconds((System.nanoTime() - started) / 1e9);
        boolean ok = true;
        for (ChaosRunner.Verdict v : verdicts) {
            report.addVerdicts(ChaosVerdict.newBuilder().setCheck(v.check()).setOk(v.ok()).setDetail(v.detail()));
            ok &= v.ok();
        }
        ChaosReport r = report.setOk(ok).build();
        Output.result(spec, json, r, () -> table(r));
        return ok ? 0 : 5;
    }

    static String table(ChaosReport r) {
        int width = r.getVerdictsList().stream().mapToInt(v -> v.getCheck().length()).max().orElse(10);
        StringBuilder out = new StringBuilder(String.format("chaos plan %s: %s in %.0f s%n", r.getPlan(),
                r.getOk() ? "PASS" : "FAIL", r.getSeconds()));
        for (ChaosVerdict v : r.getVerdictsList()) {
            out.append(String.format("  %-" + width + "s  %-4s  %s%n", v.getCheck(), v.getOk() ? "ok" : "FAIL",
                    v.getDetail()));
        }
        out.append("the testnet is stopped; `./wishledger testnet up --dir D` resumes it");
        return out.toString();
    }
}
