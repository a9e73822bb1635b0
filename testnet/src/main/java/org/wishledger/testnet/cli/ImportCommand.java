package org.wishledger.testnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.p2p.client.NativeClient;
import org.wishledger.scoring.data.BurnDistribution;
import org.wishledger.scoring.data.HhRlhf;
import org.wishledger.scoring.data.TextLines;
import org.wishledger.scoring.data.WishDraft;
import org.wishledger.scoring.data.WishFormatException;
import org.wishledger.scoring.data.WishJsonl;
import org.wishledger.testnet.client.HostPort;
import org.wishledger.testnet.client.RpcClient;
import org.wishledger.testnet.client.Wallet;
import org.wishledger.testnet.client.WishImporter;
import org.wishledger.testnet.proto.ImportReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Submit many wishes from a file, signed by one key.", mixinStandardHelpOptions = true)
final class ImportCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class Target {
        @Option(names = "--node", required = true, paramLabel = "HOST:PORT", description = "a node's native client port")
        String node;

        @Option(names = "--rpc", required = true, paramLabel = "URL", description = "a node's RPC (chain id, fees, nonce)")
        String rpc;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "signer's key file (pays fees and burns)")
        Path key;

        @Option(names = "--limit", description = "import only the first N records")
        Integer limit;

        @Option(names = "--no-truncate", description = "skip wishes over the chain's size limits instead of cutting them")
        boolean noTruncate;

        @Option(names = "--wait", defaultValue = "committed", paramLabel = "accepted|committed",
                description = "(default: ${DEFAULT-VALUE})")
        String wait;

        @Option(names = "--json", description = "print JSON")
        boolean json;
    }

    @Command(name = "hh-rlhf", description = "Anthropic HH-RLHF pairs (JSONL, .gz ok) as wishes: scenario = dialogue "
            + "before the last assistant turn, desired = chosen turn, undesired = rejected turn; burns drawn from a "
            + "seeded log-normal (median 1000, sigma 1.5).", mixinStandardHelpOptions = true)
    int hhRlhf(@Parameters(paramLabel = "FILE") Path file, @Mixin Target target,
               @Option(names = "--burn-median", defaultValue = "" + BurnDistribution.DEFAULT_MEDIAN) long median,
               @Option(names = "--burn-sigma", defaultValue = "" + BurnDistribution.DEFAULT_SIGMA) double sigma,
               @Option(names = "--seed", defaultValue = "" + BurnDistribution.DEFAULT_SEED) long seed) throws IOException {
        BurnDistribution burns = new BurnDistribution(median, sigma, seed);
        List<WishDraft> drafts = new ArrayList<>();
        int[] unusable = new int[1];
        String[] firstProblem = new String[1];
        read(file, target.limit, (line, no) -> {
            HhRlhf.Pair pair = HhRlhf.parse(line, no);
            long burn = burns.next(); // one draw per pair in file order, wishable or not: burns stay reproducible
            if (pair.wishable()) {
                drafts.add(HhRlhf.toDraft(pair, burn));
            } else {
                unusable[0]++;
                if (firstProblem[0] == null) {
                    firstProblem[0] = "line " + no + ": the chosen turn is empty";
                }
            }
        }, unusable, firstProblem);
        return submit(file, drafts, unusable[0], firstProblem[0], target);
    }

    @Command(name = "jsonl", description = "Wishes one per line: {\"scenario\", \"desired\", \"undesired\", \"language\", "
            + "\"tags\", \"burn\", \"parent\"} (only desired is required).", mixinStandardHelpOptions = true)
    int jsonl(@Parameters(paramLabel = "FILE") Path file, @Mixin Target target) throws IOException {
        List<WishDraft> drafts = new ArrayList<>();
        int[] unusable = new int[1];
        String[] firstProblem = new String[1];
        read(file, target.limit, (line, no) -> drafts.add(WishJsonl.parse(line, no)), unusable, firstProblem);
        return submit(file, drafts, unusable[0], firstProblem[0], target);
    }

    private interface LineHandler {
        void accept(String line, long lineNo);
    }

    /** Reads every record; a record that does not parse is counted and the first one is reported. */
    private static void read(Path file, Integer limit, LineHandler handler, int[] unusable, String[] firstProblem) {
        if (!Files.isRegularFile(file)) {
            throw new CliException("no file " + file, 2);
        }
        long[] count = new long[1];
        try {
            TextLines.forEach(file, (line, no) -> {
                if (limit != null && count[0] >= limit) {
                    return;
                }
                count[0]++;
                try {
                    handler.accept(line, no);
                } catch (WishFormatException e) {
                    unusable[0]++;
                    if (firstProblem[0] == null) {
                        firstProblem[0] = e.getMessage();
                    }
                }
            });
        } catch (WishFormatException e) {
            throw new CliException(file + ": " + e.getMessage(), 2);
        }
    }

    private int submit(Path file, List<WishDraft> drafts, int unusable, String firstProblem, Target t) throws IOException {
        WaitFor wait = switch (t.wait) {
            case "accepted" -> WaitFor.ACCEPTED;
            case "committed" -> WaitFor.COMMITTED;
            default -> throw new CliException("--wait must be accepted or committed", 2);
        };
        if (firstProblem != null) {
            Output.progress(spec, "skipping " + unusable + " records that cannot be wishes; first: " + firstProblem);
        }
        HostPort node;
        try {
            node = HostPort.parse(t.node);
        } catch (IllegalArgumentException e) {
            throw new CliException("--node: " + e.getMessage(), 2);
        }
        Wallet wallet = Wallet.open(KeyFiles.load(t.key), new RpcClient(t.rpc));
        Output.progress(spec, "submitting " + drafts.size() + " wishes from " + file.getFileName() + " as "
                + wallet.key().publicKey().addressHex() + " to " + node);
        ImportReport report;
        try (NativeClient client = NativeClient.connect(node.host(), node.port())) {
            report = WishImporter.run(drafts, unusable, wallet, client, wait, !t.noTruncate,
                    line -> Output.progress(spec, line));
        }
        ImportReport r = report.toBuilder().setFile(file.toAbsolutePath().toString()).build();
        Output.result(spec, t.json, r, () -> String.format(
                "read %d, skipped %d, truncated %d, submitted %d: committed %d, accepted %d, rejected %d %s%s"
                        + "%nheights %d..%d, %.1f s, signer %s",
                r.getRead(), r.getSkipped(), r.getTruncated(), r.getSubmitted(), r.getCommitted(), r.getAccepted(),
                r.getRejected(), r.getRejectedByCodeMap().isEmpty() ? "" : r.getRejectedByCodeMap().toString(),
                r.getFirstRejection().isEmpty() ? "" : " (first: " + r.getFirstRejection() + ")",
                r.getFirstHeight(), r.getLastHeight(), r.getSeconds(), r.getSigner()));
        return r.getRejected() > 0 ? 3 : 0;
    }
}
