package org.wishledger.testnet.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Hands its arguments to the consensus simulator's main class (a separate program with its own flags). */
@Command(name = "sim", description = "Run the deterministic consensus simulator (all arguments, options included, "
        + "are passed through to it).")
final class SimCommand implements java.util.concurrent.Callable<Integer> {
    static final String SIMULATOR_MAIN = "org.wishledger.consensus.sim.SimulatorMain";

    @CommandLine.Unmatched
    List<String> args = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Class<?> main;
        try {
            main = Class.forName(SIMULATOR_MAIN);
        } catch (ClassNotFoundException e) {
            throw new CliException("the consensus simulator (" + SIMULATOR_MAIN + ") is not on the classpath yet");
        }
        main.getMethod("main", String[].class).invoke(null, (Object) args.toArray(String[]::new));
        return 0;
    }
}
