package org.wishledger.testnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.client.NativeClient;
import org.wishledger.scoring.data.BurnDistribution;
import org.wishledger.scoring.data.WishDraft;
import org.wishledger.client.HostPort;
import org.wishledger.client.RpcClient;
import org.wishledger.testnet.local.SampleWishes;
import org.wishledger.client.Wallet;
import org.wishledger.testnet.local.ChainPrefill;
import org.wishledger.testnet.local.JavaCommand;
import org.wishledger.testnet.local.LocalTestnet;
import org.wishledger.testnet.local.NodeProcesses;
import org.wishledger.testnet.local.TestnetInitializer;
import org.wishledger.testnet.local.TestnetLayout;
import org.wishledger.testnet.local.TestnetSpec;
import org.wishledger.client.proto.SubmitResult;
import org.wishledger.testnet.proto.TestnetInfo;
import org.wishledger.testnet.proto.TestnetNode;
import org.wishledger.testnet.scoringcli.ImportSources;
import org.wishledger.testnet.scoringcli.ImportSummary;
import org.wishledger.testnet.scoringcli.ScoreClient;
import org.wishledger.testnet.scoringcli.WishImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "testnet", description = "A local multi-process testnet on 127.0.0.1.", mixinStandardHelpOptions = true,
        subcommands = {ChaosCommand.class, AuditCommand.class})
final class TestnetCommand {
    /** The sample wishes `up` commits: the HH-RLHF pairs shipped with the project (MIT, see data/NOTICE.md). */
    static final String SAMPLE_DATA = "data/hh-rlhf-harmless-dev.jsonl.gz";

    static final String DEFAULT_DIR = "testnet-data";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class InitOptions {
        @Option(names = "--validators", paramLabel = "N", defaultValue = "" + TestnetSpec.DEFAULT_VALIDATORS,
                description = "validator nodes (default: ${DEFAULT-VALUE})")
        int validators;

        @Option(names = "--accounts", paramLabel = "M", defaultValue = "" + TestnetSpec.DEFAULT_ACCOUNTS,
                description = "funded account keys under D/accounts (default: ${DEFAULT-VALUE})")
        int accounts;

        @Option(names = "--chain-id", description = "default: wishledger-local-<random>")
        String chainId;

        @Option(names = "--seed", description = "derive every key from this number (reproducible, NOT secret)")
        Long seed;

        @Option(names = "--scoring-nodes", defaultValue = "1", description = "nodes (node0 upwards) that run the "
                + "embedding index and POST /score; the others skip it to save CPU (default: ${DEFAULT-VALUE})")
        int scoringNodes;

        @Option(names = "--full-nodes", paramLabel = "K", defaultValue = "0", description = "non-validator nodes after "
                + "the validators: they follow the chain, never sign, and serve RPC, the web app and /score "
                + "(default: ${DEFAULT-VALUE})")
        int fullNodes;

        @Option(names = "--distinct-loopback", description = "bind node i to 127.0.0.(10+i) instead of 127.0.0.1, "
                + "so `testnet chaos` can partition the nodes with firewall rules")
        boolean distinctLoopback;

        TestnetSpec spec() {
            TestnetSpec s = TestnetSpec.defaults(validators, accounts).withScoringNodes(scoringNodes)
                    .withFullNodes(fullNodes);
            if (distinctLoopback) {
                s = s.distinctLoopback();
            }
            if (chainId != null) {
                s = s.withChainId(chainId);
            }
            if (seed != null) {
                s = s.withKeySeed(seed);
            }
            return s;
        }
    }

    @Command(name = "init", description = "Write genesis, node homes and funded account keys into D.",
            mixinStandardHelpOptions = true)
    int init(@Option(names = "--dir", paramLabel = "D", defaultValue = DEFAULT_DIR,
                     description = "testnet folder (default: ${DEFAULT-VALUE})") Path dir,
             @CommandLine.ArgGroup(exclusive = false) InitOptions options,
             @Option(names = "--json", description = "print JSON") boolean json) throws IOException {
        InitOptions o = options != null ? options : defaults();
        TestnetLayout layout = new TestnetLayout(dir);
        TestnetInitializer.init(layout, o.spec());
        TestnetInfo info = new LocalTestnet(layout, JavaCommand.current(), true).describe(false);
        Output.result(spec, json, info, () -> "initialised " + info.getNodesCount() + " nodes (" + o.validators + " validators) and "
                + info.getAccountKeysCount() + " funded accounts in " + info.getDir() + " (chain "
                + info.getChainId() + ")\nstart it with: ./wishledger testnet up --dir " + dir);
        return 0;
    }

    @Command(name = "up", description = "Start every node of D as its own process (initialises D with 4 validators "
            + "if empty), wait until each answers RPC, commit the sample wishes, print the addresses.",
            mixinStandardHelpOptions = true)
    int up(@Option(names = "--dir", paramLabel = "D", defaultValue = DEFAULT_DIR,
                   description = "testnet folder (default: ${DEFAULT-VALUE})") Path dir,
           @CommandLine.ArgGroup(exclusive = false, heading = "Used only when D is empty:%n") InitOptions options,
           @Option(names = "--timeout", defaultValue = "90s", description = "how long to wait for the nodes "
                   + "(default: ${DEFAULT-VALUE})") Duration timeout,
           @Option(names = "--no-sample-wishes", description = "do not submit the sample wishes") boolean noSamples,
           @Option(names = "--node", paramLabel = "I", description = "start only nodeI (e.g. after `down --node I`)")
           Integer only,
           @Option(names = "--log-format", paramLabel = "F", description = "the nodes' log format, text or json "
                   + "(default: each node.json's log_format, else text)") String logFormat,
           @Option(names = "--json", description = "print JSON") boolean json)
            throws IOException, InterruptedException {
        TestnetLayout layout = new TestnetLayout(dir);
        LocalTestnet testnet = new LocalTestnet(layout, JavaCommand.current(), true, NodeCommand.logFormat(logFormat));
        if (only != null) {
            requireTestnet(dir);
            requireNode(layout, only);
            ProcessHandle p = testnet.start(only);
            Output.progress(spec, "started node" + only + " as pid " + p.pid());
            try {
                testnet.awaitRpcReady(only, timeout, line -> Output.progress(spec, line));
            } catch (TimeoutException | org.wishledger.testnet.local.Await.GiveUp e) {
                throw new CliException(e.getMessage());
            }
            TestnetInfo info = testnet.describe(true);
            Output.result(spec, json, info, () -> table(info));
            return 0;
        }
        if (!layout.isInitialized()) {
            InitOptions o = options != null ? options : defaults();
            Output.progress(spec, "initialising " + layout.dir() + " with " + o.validators + " validators and "
                    + o.accounts + " accounts");
            TestnetInitializer.init(layout, o.spec());
        }
        List<ProcessHandle> started = testnet.startAll();
        for (ProcessHandle p : started) {
            Output.progress(spec, "started pid " + p.pid());
        }
        try {
            testnet.awaitRpcReady(timeout, line -> Output.progress(spec, line));
        } catch (TimeoutException e) {
            throw new CliException(e.getMessage() + "\nlogs: " + layout.dir() + "/node*/logs/node.out; "
                    + "stop what started with `./wishledger testnet down --dir " + dir + "`");
        } catch (IOException | org.wishledger.testnet.local.Await.GiveUp e) {
            throw new CliException(e.getMessage() + "\nstop the others with `./wishledger testnet down --dir " + dir + "`");
        }
        int samples = noSamples ? 0 : commitSampleWishes(testnet, timeout);
        TestnetInfo info = testnet.describe(true).toBuilder().setSampleWishesCommitted(samples).build();
        Output.result(spec, json, info, () -> table(info) + "\nstop with: ./wishledger testnet down --dir " + dir);
        return 0;
    }

    @Command(name = "down", description = "Stop the node processes `testnet up` started in D (SIGTERM, then SIGKILL "
            + "after the grace period). Data is kept.", mixinStandardHelpOptions = true)
    int down(@Option(names = "--dir", paramLabel = "D", defaultValue = DEFAULT_DIR,
                     description = "testnet folder (default: ${DEFAULT-VALUE})") Path dir,
             @Option(names = "--grace", defaultValue = "10s", description = "SIGTERM grace (default: ${DEFAULT-VALUE})")
             Duration grace,
             @Option(names = "--node", paramLabel = "I", description = "stop only nodeI") Integer only,
             @Option(names = "--json", description = "print JSON") boolean json) throws IOException, InterruptedException {
        TestnetLayout layout = requireTestnet(dir);
        LocalTestnet testnet = new LocalTestnet(layout, JavaCommand.current(), true);
        TestnetInfo all = testnet.describe(false);
        TestnetInfo before = all;
        List<NodeProcesses.Stopped> stopped;
        if (only != null) {
            requireNode(layout, only);
            before = TestnetInfo.newBuilder(all).clearNodes().addNodes(all.getNodes(only)).build();
            stopped = List.of(testnet.stop(only, grace));
        } else {
            stopped = testnet.stopAll(grace);
        }
        StringBuilder text = new StringBuilder();
        TestnetInfo.Builder after = before.toBuilder();
        for (int i = 0; i < stopped.size(); i++) {
            TestnetNode n = before.getNodes(i);
            text.append(String.format("%-8s %s%n", n.getName(), switch (stopped.get(i)) {
                case NOT_RUNNING -> "was not running";
                case TERMINATED -> "stopped (pid " + n.getPid() + ")";
                case KILLED -> "killed after " + grace.toSeconds() + " s grace (pid " + n.getPid() + ")";
            }));
            after.setNodes(i, n.toBuilder().setRunning(false).setPid(0));
        }
        Output.result(spec, json, after, () -> text.toString().stripTrailing());
        return 0;
    }

    @Command(name = "prefill", description = "Give a freshly initialised, stopped testnet a long history: real signed "
            + "wishes from its funded accounts in full blocks, each with a commit of every validator, applied once "
            + "through the rules and copied to every node (docs/benchmarks.md). 5 M txs take minutes, not hours.",
            mixinStandardHelpOptions = true)
    int prefill(@Option(names = "--dir", paramLabel = "D", defaultValue = DEFAULT_DIR,
                        description = "testnet folder (default: ${DEFAULT-VALUE})") Path dir,
                @Option(names = "--txs", required = true, paramLabel = "N", description = "wishes to commit, e.g. 5000000")
                long txs,
                @Option(names = "--txs-per-block", defaultValue = "10000", paramLabel = "B",
                        description = "wishes per block (default: ${DEFAULT-VALUE}, the chain's limit)") int perBlock,
                @Option(names = "--seed", defaultValue = "7", description = "seed of the wish texts") long seed)
            throws Exception {
        if (txs < 1 || perBlock < 1) {
            throw new CliException("--txs and --txs-per-block must be at least 1", 2);
        }
        TestnetLayout layout = requireTestnet(dir);
        ChainPrefill.Result r;
        try {
            r = new ChainPrefill(layout, line -> Output.progress(spec, line)).run(txs, perBlock, seed);
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage());
        }
        spec.commandLine().getOut().printf("prefilled %,d txs in %,d blocks (height %,d) in %.0f s; start it with: "
                + "./wishledger testnet up --dir %s --no-sample-wishes%n", r.txs(), r.blocks(), r.height(), r.seconds(), dir);
        spec.commandLine().getOut().flush();
        return 0;
    }

    @Command(name = "status", description = "Heights, peers and processes of the nodes in D.", mixinStandardHelpOptions = true)
    int status(@Option(names = "--dir", paramLabel = "D", defaultValue = DEFAULT_DIR,
                       description = "testnet folder (default: ${DEFAULT-VALUE})") Path dir,
               @Option(names = "--json", description = "print JSON") boolean json) throws IOException {
        TestnetInfo info = new LocalTestnet(requireTestnet(dir), JavaCommand.current(), true).describe(true);
        Output.result(spec, json, info, () -> table(info));
        return 0;
    }

    private static TestnetLayout requireTestnet(Path dir) throws IOException {
        TestnetLayout layout = new TestnetLayout(dir);
        if (!layout.isInitialized()) {
            throw new CliException(layout.dir() + " holds no testnet; create one with `./wishledger testnet init --dir "
                    + dir + "` or `./wishledger testnet up --dir " + dir + "`");
        }
        return layout;
    }

    private static void requireNode(TestnetLayout layout, int node) throws IOException {
        if (node < 0 || node >= layout.nodes().size() || !layout.node(node).isInitialized()) {
            throw new CliException("there is no node" + node + " in " + layout.dir(), 2);
        }
    }

    private static InitOptions defaults() {
        InitOptions o = new InitOptions();
        o.validators = TestnetSpec.DEFAULT_VALIDATORS;
        o.accounts = TestnetSpec.DEFAULT_ACCOUNTS;
        o.scoringNodes = 1;
        return o;
    }

    /**
     * Commits the sample wishes from account0 via node0, once per chain (skipped if wishes exist): the
     * 1,156 HH-RLHF pairs shipped in data/ (issue 5), or, when the launcher's root has no data folder,
     * the few built-in ones. Then waits, with progress, until node0's scoring index covers them, so
     * /score answers over every sample wish as soon as `up` returns.
     */
    private int commitSampleWishes(LocalTestnet testnet, Duration timeout) throws IOException {
        List<Path> keys = testnet.layout().accountKeys();
        if (keys.isEmpty()) {
            return 0;
        }
        RpcClient rpc = testnet.rpc(0);
        if (rpc.wishes(0, null, 1).getWishesCount() > 0) {
            return 0;
        }
        HostPort client = HostPort.parse(testnet.layout().node(0).readConfig().getClientListen());
        Path shipped = Path.of(System.getProperty("wishledger.root", ".")).resolve(SAMPLE_DATA);
        if (!Files.isRegularFile(shipped)) {
            return commitBuiltInSamples(keys.get(0), rpc, client, timeout);
        }
        List<WishDraft> drafts = ImportSources.hhRlhf(shipped, ImportSources.Selection.all(),
                BurnDistribution.defaults(), null);
        Output.progress(spec, "committing " + drafts.size() + " sample wishes (" + SAMPLE_DATA + ") from "
                + keys.get(0).getFileName());
        ImportSummary summary;
        try (NativeClient native_ = NativeClient.connect(client.host(), client.port())) {
            summary = WishImporter.importAll(drafts, KeyFiles.load(keys.get(0)), rpc, native_,
                    WishImporter.Options.defaults(), line -> Output.progress(spec, line));
        }
        if (summary.committed() == 0) {
            throw new CliException("no sample wish was committed:\n" + summary.toText());
        }
        if (!testnet.layout().node(0).readConfig().getScoringDisabled()) {
            Output.progress(spec, "waiting for node0's scoring index to embed them (once; it persists)");
            new ScoreClient(rpc).awaitHeight(summary.lastHeight(), Duration.ofMinutes(15),
                    line -> Output.progress(spec, line));
        }
        return summary.committed();
    }

    private int commitBuiltInSamples(Path key, RpcClient rpc, HostPort client, Duration timeout) throws IOException {
        List<Wish> wishes = SampleWishes.load();
        Output.progress(spec, "committing " + wishes.size() + " built-in sample wishes from " + key.getFileName());
        Wallet wallet = Wallet.open(KeyFiles.load(key), rpc);
        try (NativeClient native_ = NativeClient.connect(client.host(), client.port())) {
            List<SubmitResult> results = SampleWishes.submitAll(wishes, wallet, native_, timeout);
            for (SubmitResult r : results) {
                if (!r.getStatus().equals("committed")) {
                    throw new CliException("sample wish " + r.getHash() + " was not committed: " + r.getStatus()
                            + " " + r.getCode() + " " + r.getMessage());
                }
            }
            return results.size();
        }
    }

    static String table(TestnetInfo info) {
        StringBuilder b = new StringBuilder();
        b.append("testnet ").append(info.getDir()).append("  chain ").append(info.getChainId()).append('\n');
        b.append(String.format("%-7s %-8s %-24s %-16s %-16s %7s %5s  %s%n",
                "node", "pid", "rpc", "client", "p2p", "height", "peers", "status"));
        for (TestnetNode n : info.getNodesList()) {
            String state = n.getRpcOk() ? (n.getCatchingUp() ? "catching up" : "ok")
                    : (n.getRunning() ? "starting / not answering" : "stopped");
            b.append(String.format("%-7s %-8s %-24s %-16s %-16s %7s %5s  %s%n", n.getName(),
                    n.getRunning() ? Long.toString(n.getPid()) : "-", n.getRpcUrl(), n.getClient(), n.getP2P(),
                    n.getRpcOk() ? Long.toString(n.getHeight()) : "-", n.getRpcOk() ? Integer.toString(n.getPeers()) : "-",
                    state));
        }
        if (info.getSampleWishesCommitted() > 0) {
            b.append("committed ").append(info.getSampleWishesCommitted()).append(" sample wishes; try: ./wishledger wishes list --rpc ")
                    .append(info.getNodes(0).getRpcUrl()).append('\n');
        }
        if (info.getAccountKeysCount() > 0) {
            b.append("funded account keys: ").append(Path.of(info.getAccountKeys(0)).getParent()).append('/')
                    .append("account{0..").append(info.getAccountKeysCount() - 1).append("}.json\n");
        }
        return b.toString().stripTrailing();
    }
}
