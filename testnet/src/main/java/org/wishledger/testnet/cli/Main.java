package org.wishledger.testnet.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code wishledger}: the command line of the project (see docs/cli.md). */
@Command(name = "wishledger", mixinStandardHelpOptions = true, version = "wishledger 0.1.0",
        description = "A public ledger of wishes for AI behaviour: run a local testnet, submit and query wishes.",
        subcommands = {
                KeysCommand.class,
                TestnetCommand.class,
                NodeCommand.class,
                SubmitCommand.class,
                AnonCommand.class,
                WishesCommand.class,
                ChainCommand.class,
                BenchCommand.class,
                ScoreCommand.class,
                ImportCommand.class,
                EvalCommand.class,
                FidelityCommand.class,
                AggregateCommand.class,
                ExportCommand.class,
                SimCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
        System.exit(code);
    }

    /** The configured command line; tests pass their own writers and call execute. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.registerConverter(java.time.Duration.class, new DurationConverter());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            if (e instanceof CliException c) {
                w.println("error: " + c.getMessage());
                w.flush();
                return c.exitCode();
            }
            w.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (System.getenv("WISHLEDGER_DEBUG") != null) {
                e.printStackTrace(w);
            } else {
                w.println("       (set WISHLEDGER_DEBUG=1 for the stack trace)");
            }
            w.flush();
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
