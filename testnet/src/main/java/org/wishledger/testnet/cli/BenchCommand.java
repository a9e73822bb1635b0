package org.wishledger.testnet.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.testnet.bench.AnonLoad;
import org.wishledger.testnet.bench.LoadGenerator;
import org.wishledger.testnet.bench.LoadPlan;
import org.wishledger.client.HostPort;
import org.wishledger.client.RpcClient;
import org.wishledger.client.Wallet;
import org.wishledger.node.NodeHome;
import org.wishledger.testnet.local.TestnetLayout;
import org.wishledger.testnet.proto.BenchReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", description = "Load tools.", mixinStandardHelpOptions = true)
final class BenchCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "load", description = "Offer signed wishes at a fixed rate across the nodes' client ports of a "
            + "running testnet and measure committed throughput and submit-to-commit latency.",
            mixinStandardHelpOptions = true)
    int load(@Option(names = "--dir", paramLabel = "D", defaultValue = TestnetCommand.DEFAULT_DIR,
                     description = "testnet folder (default: ${DEFAULT-VALUE})") Path dir,
             @Option(names = "--rate", required = true, paramLabel = "R", description = "offered txs per second") double rate,
             @Option(names = "--duration", required = true, paramLabel = "S", description = "how long to offer, e.g. 30s")
             Duration duration,
             @Option(names = "--accounts", description = "use at most this many funded accounts (default: all)")
             Integer maxAccounts,
             @Option(names = "--drain", defaultValue = "60s", description = "wait this long for the last commits "
                     + "(default: ${DEFAULT-VALUE})") Duration drain,
             @Option(names = "--seed", defaultValue = "1", description = "seed of the generated wish texts") long seed,
             @Option(names = "--nodes", split = ",", paramLabel = "I", description = "offer to these nodes only "
                     + "(e.g. 0,1,2 while node3 is down); default: all") List<Integer> only,
             @Option(names = "--anon-fraction", defaultValue = "0", paramLabel = "F", description = "this share of the "
                     + "offered txs are anonymous wishes (notes deposited, sealed and proven first; latency reported "
                     + "apart; docs/privacy.md)") double anonFraction,
             @Option(names = "--acknowledged", paramLabel = "FILE", description = "write `hex-tx-hash height` of every "
                     + "wish answered COMMITTED here, for `testnet audit`") Path acknowledgedFile,
             @Option(names = "--json", description = "print JSON") boolean json) throws IOException, InterruptedException {
        if (rate <= 0 || rate > 1_000_000) {
            throw new CliException("--rate must be in (0, 1000000]", 2);
        }
        if (!(anonFraction >= 0 && anonFraction < 1)) {
            throw new CliException("--anon-fraction must be in [0, 1)", 2);
        }
        int total;
        int anonTotal;
        try {
            anonTotal = (int) Math.round(LoadPlan.txCount(rate, duration) * anonFraction);
            total = LoadPlan.txCount(rate, duration) - anonTotal;
            AnonLoad.notesFor(anonTotal);
            LoadPlan.checkHeap(total, Runtime.getRuntime().maxMemory());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
        TestnetLayout layout = new TestnetLayout(dir);
        List<NodeHome> homes = layout.nodes();
        if (homes.isEmpty()) {
            throw new CliException(layout.dir() + " holds no testnet; start one with `./wishledger testnet up --dir " + dir + "`");
        }
        if (only != null) {
            List<NodeHome> chosen = new ArrayList<>();
            for (int i : only) {
                if (i < 0 || i >= homes.size()) {
                    throw new CliException("--nodes: there is no node" + i, 2);
                }
                chosen.add(homes.get(i));
            }
            homes = chosen;
        }
        List<HostPort> clients = new ArrayList<>();
        for (NodeHome h : homes) {
            clients.add(HostPort.parse(h.readConfig().getClientListen()));
        }
        List<Path> keyFiles = layout.accountKeys();
        if (maxAccounts != null && maxAccounts < keyFiles.size()) {
            keyFiles = keyFiles.subList(0, maxAccounts);
        }
        if (keyFiles.isEmpty()) {
            throw new CliException("no funded account keys under " + layout.accountsDir());
        }
        RpcClient rpc = new RpcClient("http://" + homes.get(0).readConfig().getRpcListen());
        awaitEmptyMempools(homes, drain);
        Genesis genesis = rpc.genesis();
        List<KeyPair> accounts = new ArrayList<>();
        long[] nonces = new long[keyFiles.size()];
        for (int i = 0; i < keyFiles.size(); i++) {
            KeyPair key = KeyFiles.load(keyFiles.get(i));
            accounts.add(key);
            nonces[i] = rpc.account(key.address()).getNonce();
        }
        AnonLoad anon = anonTotal == 0 ? null : AnonLoad.prepare(Wallet.txBuilder(genesis), accounts, nonces, clients, rpc,
                anonTotal, seed, drain.plusSeconds(60), line -> Output.progress(spec, line)); // advances the nonces
        // Everything is signed before the clock starts: the timed phase only sends.
        Output.progress(spec, String.format("signing %,d wishes from %d accounts on %d threads before the clock starts",
                total, accounts.size(), LoadPlan.signingThreads(accounts.size())));
        long signStart = System.nanoTime();
        LoadPlan plan = LoadPlan.generate(Wallet.txBuilder(genesis), accounts, nonces, clients.size(), total, seed,
                done -> {
                    if (done < total) {
                        Output.progress(spec, signingProgress(done, total, System.nanoTime() - signStart));
                    }
                });
        double signingSeconds = (System.nanoTime() - signStart) / 1e9;
        Output.progress(spec, String.format("signed %,d wishes in %.1f s (%,.0f/s)",
                total, signingSeconds, total / Math.max(1e-9, signingSeconds)));
        long startHeight = rpc.status().getHeight();
        Output.progress(spec, String.format("offering %,d wishes at %.0f/s for %d s across %d nodes",
                total, rate, duration.toSeconds(), clients.size()));
        var anonRun = anon == null ? null : anon.start(clients, rate * anonFraction, drain, line -> Output.progress(spec, line));
        LoadGenerator load = new LoadGenerator(clients, line -> Output.progress(spec, line));
        BenchReport.Builder signed = load.run(plan, rate * (1 - anonFraction), drain).toBuilder();
        if (anonRun != null) {
            signed.setAnon(anonRun.join());
        }
        BenchReport measured = signed
                .setDurationS(duration.toMillis() / 1000.0)
                .setAccounts(accounts.size())
                .setStartHeight(startHeight)
                .setEndHeight(rpc.status().getHeight())
                .setSigningS(signingSeconds)
                .build();
        BenchReport report = !measured.hasAnon() ? measured // the anonymous part: same window and heights
                : measured.toBuilder().setAnon(measured.getAnon().toBuilder().setDurationS(measured.getDurationS())
                        .setStartHeight(measured.getStartHeight()).setEndHeight(measured.getEndHeight())).build();
        if (acknowledgedFile != null) {
            load.writeAcknowledged(acknowledgedFile);
        }
        Output.result(spec, json, report, () -> text(report));
        return 0;
    }

    /**
     * Nonces are read from committed state, so txs still pending from an earlier run would collide with
     * the new ones (BAD_NONCE): wait until every mempool is empty, or give up with a clear message.
     */
    private void awaitEmptyMempools(List<NodeHome> homes, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean told = false;
        for (NodeHome home : homes) {
            RpcClient node = new RpcClient("http://" + home.readConfig().getRpcListen());
            long pending;
            while ((pending = metric(node.metrics(), "wishledger_mempool_txs")) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(home.name() + " still has " + pending + " txs in its mempool after "
                            + timeout.toSeconds() + " s; wait for them to commit (or restart the testnet) and retry");
                }
                if (!told) {
                    Output.progress(spec, "waiting for the mempools to drain (" + home.name() + ": " + pending + " txs)");
                    told = true;
                }
                Thread.sleep(500);
            }
        }
    }

    /** The value of an unlabelled series in Prometheus text, 0 when absent. */
    static long metric(String prometheusText, String name) {
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(name + " ")) {
                return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return 0;
    }

    static String signingProgress(int done, int total, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        return String.format("%5.1f s  signed %,d of %,d (%.0f%%)  %,.0f/s",
                seconds, done, total, 100.0 * done / total, done / Math.max(1e-9, seconds));
    }

    static String text(BenchReport r) {
        return signedText(r) + (r.hasAnon() ? String.format("%nanonymous wishes of the mix:%n%s", signedText(r.getAnon())
                .replace("signing   ", "proving   ")) : "");
    }

    private static String signedText(BenchReport r) {
        return String.format("offered   %,d txs  %.0f tx/s (target %.0f)%n"
                        + "committed %,d txs  %.0f tx/s%n"
                        + "rejected  %,d %s%n"
                        + "no answer %,d; failed %,d %s%n"
                        + "latency submit->commit ms  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n"
                        + "heights %d -> %d; sender lag max %.1f ms%n"
                        + "signing   %.1f s before the clock started (not part of any rate above)",
                r.getOffered(), r.getOfferedTps(), r.getRate(), r.getCommitted(), r.getCommittedTps(),
                r.getRejected(), r.getRejectedByCodeMap().isEmpty() ? "" : r.getRejectedByCodeMap().toString(),
                r.getTimedOut(), r.getFailed(), r.getFirstFailure(), r.getLatency().getP50(), r.getLatency().getP90(), r.getLatency().getP99(),
                r.getLatency().getMax(), r.getStartHeight(), r.getEndHeight(), r.getSendLagMaxMs(), r.getSigningS());
    }
}
