package org.wishledger.testnet.cli;

import java.nio.file.Path;
import org.wishledger.client.RpcClient;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.rules.GenesisLoader;
import org.wishledger.testnet.export.DatasetExport;
import org.wishledger.testnet.export.ExportFormat;
import org.wishledger.testnet.export.ExportVerify;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = "Write the committed wishes as a dataset (gzip JSONL or Parquet shards + dataset card); "
        + "resumes an interrupted export in the same --out.", mixinStandardHelpOptions = true,
        subcommands = ExportCommand.Verify.class)
final class ExportCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Not picocli-required: picocli would then demand them of `export verify` too.
    @Option(names = "--rpc", paramLabel = "URL", description = "a node's RPC (required)")
    String url;

    @Option(names = "--out", paramLabel = "DIR", description = "the dataset folder (required)")
    Path out;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (gzip JSON lines, the default) or parquet")
    String format;

    @Override
    public Integer call() throws Exception {
        if (url == null || out == null) {
            throw new CliException("export needs --rpc URL and --out DIR (or: export verify DIR --rpc URL)");
        }
        ExportFormat exportFormat;
        try {
            exportFormat = ExportFormat.of(format);
        } catch (IllegalArgumentException e) {
            throw new CliException("--format " + format + ": use jsonl or parquet");
        }
        new DatasetExport(new RpcClient(url), out, exportFormat, line -> Output.progress(spec, line)).run();
        return 0;
    }

    @Command(name = "verify", description = "Check every row of an export against a node of its chain; "
            + "names the first row that is not in the chain.", mixinStandardHelpOptions = true)
    static final class Verify implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR")
        Path dir;

        @Option(names = "--rpc", required = true, paramLabel = "URL")
        String url;

        @Option(names = "--genesis", paramLabel = "FILE", description = "the chain's genesis.json as you know it: "
                + "its validators must have signed the blocks (default: the node's /genesis, trusting the node)")
        Path genesis;

        @Override
        public Integer call() throws Exception {
            Genesis trusted = genesis == null ? null : GenesisLoader.load(genesis);
            ExportVerify.Result r = new ExportVerify(new RpcClient(url), dir, trusted, line -> Output.progress(spec, line)).run();
            if (r.failure() != null) {
                spec.commandLine().getErr().println("NOT VERIFIED after " + r.rows() + " good rows: " + r.failure());
                return 1;
            }
            spec.commandLine().getOut().println("verified " + r.rows() + " rows");
            return 0;
        }
    }
}
