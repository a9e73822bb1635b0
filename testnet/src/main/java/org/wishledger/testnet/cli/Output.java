package org.wishledger.testnet.cli;

import com.google.protobuf.MessageOrBuilder;
import java.io.PrintWriter;
import java.util.function.Supplier;
import org.wishledger.client.ProtoJson;
import picocli.CommandLine;

/**
 * Where a command's result goes: JSON (protobuf mapping) on stdout with --json, else a short human
 * text. Progress goes to stderr, so `--json | jq` always sees only the result.
 */
final class Output {
    private Output() {
    }

    static void result(CommandLine.Model.CommandSpec spec, boolean json, MessageOrBuilder message,
                       Supplier<String> text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? ProtoJson.print(message) : text.get());
        out.flush();
    }

    static void progress(CommandLine.Model.CommandSpec spec, String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(line);
        err.flush();
    }
}
