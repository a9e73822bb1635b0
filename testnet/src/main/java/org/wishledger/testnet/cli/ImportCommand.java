package org.wishledger.testnet.cli;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.client.NativeClient;
import org.wishledger.scoring.data.BurnDistribution;
import org.wishledger.scoring.data.WishDraft;
import org.wishledger.scoring.data.WishFormatException;
import org.wishledger.client.HostPort;
import org.wishledger.client.RpcClient;
import org.wishledger.testnet.local.LocalTestnet;
import org.wishledger.testnet.local.TestnetLayout;
import org.wishledger.testnet.scoringcli.ImportSources;
import org.wishledger.testnet.scoringcli.ImportSummary;
import org.wishledger.testnet.scoringcli.WishImporter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wishledger import hh-rlhf|jsonl FILE}: wishes from a file, signed by one account, submitted pipelined. */
@Command(name = "import", description = "Submit wishes from a file (HH-RLHF preference pairs or one wish per line).",
        mixinStandardHelpOptions = true)
final class ImportCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the txs go and who signs them: a local testnet folder, or a node, its RPC and a key file. */
    static final class Target {
        @Option(names = "--dir", paramLabel = "D", description = "a local testnet folder: node0's ports and, "
                + "unless --key is given, the key accounts/account0")
        Path dir;

        @Option(names = "--node", paramLabel = "HOST:PORT", description = "a node's native client port")
        String node;

        @Option(names = "--rpc", paramLabel = "URL", description = "the node's RPC (chain id, fees and the nonce)")
        String rpc;

        @Option(names = "--key", paramLabel = "FILE", description = "the signer's key file")
        Path key;

        @Option(names = "--wait", defaultValue = "committed", paramLabel = "accepted|committed",
                description = "answer when admitted to the mempool or when committed (default: ${DEFAULT-VALUE})")
        String wait;

        @Option(names = "--window", defaultValue = "512", description = "txs in flight at once (default: ${DEFAULT-VALUE})")
        int window;

        @Option(names = "--timeout", defaultValue = "10m", description = "for the whole import (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Option(names = "--no-fit", description = "skip wishes whose scenario exceeds max_scenario_bytes instead of "
                + "keeping its last turns")
        boolean noFit;

        @Option(names = "--limit", defaultValue = "0", description = "import at most N wishes (0 = all)")
        int limit;

        @Option(names = "--json", description = "print the summary as JSON")
        boolean json;

        WishImporter.Options options() {
            WaitFor w = switch (wait.toLowerCase()) {
                case "accepted" -> WaitFor.ACCEPTED;
                case "committed" -> WaitFor.COMMITTED;
                default -> throw new CliException("--wait must be accepted or committed, got '" + wait + "'", 2);
            };
            if (window < 1) {
                throw new CliException("--window must be >= 1", 2);
            }
            if (limit < 0) {
                throw new CliException("--limit must be >= 0", 2);
            }
            return new WishImporter.Options(w, timeout, window, !noFit);
        }
    }

    @Command(name = "hh-rlhf", mixinStandardHelpOptions = true,
            description = "HH-RLHF pairs as wishes: scenario = dialogue before the last assistant turn, desired = "
                    + "chosen last turn, undesired = rejected last turn; burns log-normal (median 1000, sigma 1.5), seeded, one "
                    + "draw per pair in file order.")
    int hhRlhf(@Mixin Target target,
               @Parameters(paramLabel = "FILE", description = "JSONL, gzip if it ends in .gz") Path file,
               @Option(names = "--from-fraction", defaultValue = "0", description = "start at this fraction of the file")
               double from,
               @Option(names = "--to-fraction", defaultValue = "1", description = "stop before this fraction of the file")
               double to,
               @Option(names = "--seed", description = "burn distribution seed (default: "
                       + BurnDistribution.DEFAULT_SEED + ")") Long seed,
               @Option(names = "--burn-median", defaultValue = "" + BurnDistribution.DEFAULT_MEDIAN,
                       description = "median burn, base units (default: ${DEFAULT-VALUE})") long burnMedian,
               @Option(names = "--burn-sigma", defaultValue = "" + BurnDistribution.DEFAULT_SIGMA,
                       description = "log-normal sigma; 0 = every wish burns the median (default: ${DEFAULT-VALUE})")
               double burnSigma) throws IOException {
        WishImporter.Options options = target.options();
        Endpoints endpoints = endpoints(target);
        ImportSources.Selection selection;
        try {
            selection = new ImportSources.Selection(from, to, target.limit);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
        BurnDistribution burns;
        try {
            burns = new BurnDistribution(burnMedian, burnSigma, seed != null ? seed : BurnDistribution.DEFAULT_SEED);
        } catch (IllegalArgumentException e) {
            throw new CliException("--burn-median/--burn-sigma: " + e.getMessage(), 2);
        }
        int[] unwishable = new int[1];
        List<WishDraft> drafts = read(file, () -> ImportSources.hhRlhf(file, selection, burns, unwishable));
        if (unwishable[0] > 0) {
            Output.progress(spec, unwishable[0] + " pairs with an empty chosen turn cannot be wishes; left out");
        }
        return run(target, endpoints, options, drafts);
    }

    @Command(name = "jsonl", mixinStandardHelpOptions = true, description = "One wish per line: {\"scenario\", "
            + "\"desired\", \"undesired\", \"language\", \"tags\", \"burn\", \"parent\"}; desired is required.")
    int jsonl(@Mixin Target target,
              @Parameters(paramLabel = "FILE", description = "JSONL, gzip if it ends in .gz") Path file) throws IOException {
        WishImporter.Options options = target.options();
        Endpoints endpoints = endpoints(target);
        List<WishDraft> drafts = read(file, () -> ImportSources.jsonl(file, target.limit));
        return run(target, endpoints, options, drafts);
    }

    private static List<WishDraft> read(Path file, java.util.function.Supplier<List<WishDraft>> reader) {
        if (!Files.isReadable(file)) {
            throw new CliException("cannot read " + file, 2);
        }
        try {
            return reader.get();
        } catch (WishFormatException e) {
            throw new CliException(file + ": " + e.reason() + ": " + e.getMessage(), 2);
        } catch (UncheckedIOException e) {
            throw new CliException(e.getMessage() + ": " + e.getCause().getMessage(), 2);
        }
    }

    private int run(Target t, Endpoints e, WishImporter.Options options, List<WishDraft> drafts) throws IOException {
        Output.progress(spec, "importing " + drafts.size() + " wishes via " + e.node + " signed by "
                + e.key.publicKey().addressHex());
        ImportSummary summary;
        try (NativeClient client = NativeClient.connect(e.node.host(), e.node.port())) {
            summary = WishImporter.importAll(drafts, e.key, e.rpc, client, options,
                    line -> Output.progress(spec, line));
        }
        var out = spec.commandLine().getOut();
        out.println(t.json ? new GsonBuilder().setPrettyPrinting().create().toJson(summary.toJson()) : summary.toText());
        out.flush();
        return summary.rejectedTotal() > 0 || summary.timedOut() > 0 ? 3 : 0;
    }

    private record Endpoints(HostPort node, RpcClient rpc, KeyPair key) {
    }

    private Endpoints endpoints(Target t) throws IOException {
        if (t.dir != null) {
            if (t.node != null || t.rpc != null) {
                throw new CliException("give either --dir D or --node/--rpc, not both", 2);
            }
            TestnetLayout layout = new TestnetLayout(t.dir);
            if (!layout.isInitialized()) {
                throw new CliException(t.dir + " is not a testnet folder (run wishledger testnet init)", 2);
            }
            Path key = t.key != null ? t.key : layout.accountKey(0);
            HostPort node = HostPort.parse(layout.node(0).readConfig().getClientListen());
            return new Endpoints(node, LocalTestnet.rpc(layout.node(0), Duration.ofSeconds(30)), KeyFiles.load(key));
        }
        if (t.node == null || t.rpc == null || t.key == null) {
            throw new CliException("give --dir D, or all of --node HOST:PORT, --rpc URL and --key FILE", 2);
        }
        HostPort node;
        try {
            node = HostPort.parse(t.node);
        } catch (IllegalArgumentException ex) {
            throw new CliException("--node: " + ex.getMessage(), 2);
        }
        return new Endpoints(node, new RpcClient(t.rpc, Duration.ofSeconds(30)), KeyFiles.load(t.key));
    }
}
