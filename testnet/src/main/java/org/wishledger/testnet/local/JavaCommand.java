package org.wishledger.testnet.local;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start another JVM exactly like this one: same java binary, same JVM flags (the launcher's
 * $WISHLEDGER_JVM_FLAGS: Agrona, lmdbjava and the Vector API need them), same classpath. This is how
 * {@code testnet up} and the cluster tests start node processes.
 */
public record JavaCommand(Path java, List<String> jvmArgs, String classpath, String mainClass) {
    public static final String MAIN_CLASS = "org.wishledger.testnet.cli.Main";

    public JavaCommand {
        jvmArgs = List.copyOf(jvmArgs);
    }

    public static JavaCommand current() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            java = ProcessHandle.current().info().command().map(Path::of)
                    .orElseThrow(() -> new IllegalStateException("cannot find the running java binary"));
        }
        List<String> args = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // A debugger agent would make every node try to bind the same debug port.
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-Xrunjdwp")) {
                args.add(arg);
            }
        }
        return new JavaCommand(java, args, System.getProperty("java.class.path"), MAIN_CLASS);
    }

    public JavaCommand withExtraJvmArgs(List<String> extra) {
        List<String> args = new ArrayList<>(jvmArgs);
        args.addAll(extra); // later flags win (e.g. a smaller -Xmx for test nodes)
        return new JavaCommand(java, args, classpath, mainClass);
    }

    /** The same JVM running another main class (tests use a stand-in node). */
    public JavaCommand withMainClass(String otherMainClass) {
        return new JavaCommand(java, jvmArgs, classpath, otherMainClass);
    }

    /** The full command line running the main class (the CLI's, normally) with {@code cliArgs}. */
    public List<String> command(List<String> cliArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(cliArgs);
        return cmd;
    }
}
