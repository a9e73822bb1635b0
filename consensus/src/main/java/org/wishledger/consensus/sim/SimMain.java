package org.wishledger.consensus.sim;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The simulator's command line (the node's {@code wishledger sim} delegates here):
 * <pre>
 *   --validators N --byzantine F --heights H --seeds A..B --loss P --partition-until T
 *   --crash-restarts K [--json] [--trace] [--quiet]
 * </pre>
 * Prints one line per failing run (its seed, what broke, and how to replay it with its trace), and as
 * its last line the summary {@code runs=... heights=... agreement_violations=0 validity_violations=0
 * liveness_failures=0 double_signs=0}. Exit code 0 when every run kept every property, 1 otherwise,
 * 2 on bad arguments.
 */
public final class SimMain {
    private SimMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses, runs, prints; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        int validators = 4;
        int byzantine = 1;
        int heights = 10;
        long seedFrom = 1;
        long seedTo = 100;
        double loss = 0.05;
        long partitionUntil = 3000;
        int crashRestarts = 1;
        boolean json = false;
        boolean trace = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--validators" -> validators = Integer.parseInt(value(args, ++i, a));
                    case "--byzantine" -> byzantine = Integer.parseInt(value(args, ++i, a));
                    case "--heights" -> heights = Integer.parseInt(value(args, ++i, a));
                    case "--seeds" -> {
                        String s = value(args, ++i, a);
                        int dots = s.indexOf("..");
                        seedFrom = Long.parseLong(dots < 0 ? s : s.substring(0, dots));
                        seedTo = dots < 0 ? seedFrom : Long.parseLong(s.substring(dots + 2));
                    }
                    case "--loss" -> loss = Double.parseDouble(value(args, ++i, a));
                    case "--partition-until" -> partitionUntil = Long.parseLong(value(args, ++i, a));
                    case "--crash-restarts" -> crashRestarts = Integer.parseInt(value(args, ++i, a));
                    case "--json" -> json = true;
                    case "--trace" -> trace = true;
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (seedTo < seedFrom) {
                throw new IllegalArgumentException("--seeds A..B needs A <= B");
            }
            SimConfig config = SimConfig.of(validators, byzantine, heights, loss, partitionUntil, crashRestarts);
            long start = System.nanoTime();
            BatchResult batch = new BatchResult();
            for (long seed = seedFrom; seed <= seedTo; seed++) {
                RunResult r = Simulation.run(config, seed, trace);
                batch.add(r);
                if (trace) {
                    r.trace().forEach(out::println);
                }
                if (!r.ok()) {
                    out.println("FAILED seed=" + seed + ": " + String.join(" | ", r.violations()));
                    out.println("  replay: " + replayCommand(validators, byzantine, heights, seed, loss,
                            partitionUntil, crashRestarts));
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            if (json) {
                out.println(batch.json(wall));
            } else {
                out.printf(Locale.ROOT, "simulated %d heights in %.1f s (%.0f heights/s), %d rounds, %d evidence, %d crashes%n",
                        batch.heights, wall, batch.heights / Math.max(wall, 1e-9), batch.rounds, batch.evidence, batch.crashes);
            }
            out.println(batch.summary());
            return batch.ok() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(usage());
            return 2;
        }
    }

    static String replayCommand(int n, int f, int h, long seed, double loss, long t, int k) {
        return String.format(Locale.ROOT, "--validators %d --byzantine %d --heights %d --seeds %d..%d --loss %s "
                + "--partition-until %d --crash-restarts %d --trace", n, f, h, seed, seed, loss, t, k);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static String usage() {
        return "usage: sim --validators N --byzantine F --heights H --seeds A..B --loss P --partition-until T_MS "
                + "--crash-restarts K [--json] [--trace]";
    }
}
