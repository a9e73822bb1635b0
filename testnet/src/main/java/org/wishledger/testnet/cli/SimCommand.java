package org.wishledger.testnet.cli;

import java.util.ArrayList;
import java.util.List;
import org.wishledger.consensus.sim.SimMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Hands its arguments to the consensus simulator's command line ({@link SimMain}), which has its own
 * options (--validators, --byzantine, --heights, --seeds A..B, --loss, --json, ...).
 */
@Command(name = "sim", description = "Run the deterministic consensus simulator; every argument is passed to it "
        + "(e.g. wishledger sim --validators 4 --byzantine 1 --seeds 1..100 --json).")
final class SimCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return SimMain.run(args.toArray(String[]::new), System.out, System.err);
    }
}
