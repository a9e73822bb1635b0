package org.wishledger.testnet.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A chaos plan: one perturbation per line, {@code #} starts a comment. The shape of CometBFT's e2e
 * perturbations (pause, kill, disconnect, restart) plus clock skew and a full disk:
 * <pre>
 * pause 1 30s            # SIGSTOP node 1 for 30 s, then SIGCONT
 * pause 1,2 30s          # two of four: no quorum until they resume
 * kill-all               # kill -9 all nodes at once, then restart them
 * partition 0|1,2,3 30s  # node 0 alone against the other three
 * partition 0,1|2,3 30s  # no side has a quorum
 * skew 2 +30s 40s        # node 2's clock 30 s ahead for 40 s
 * disk-full 3 120s       # node 3's data on a tmpfs that fills within 120 s, then space returns
 * </pre>
 * A plan name without a path ({@code short}, {@code long}) is one of the plans shipped in the jar.
 */
public record ChaosPlan(String name, List<ChaosStep> steps) {

    public ChaosPlan {
        steps = List.copyOf(steps);
    }

    /** The plan in {@code file}, or the shipped plan of that name. */
    public static ChaosPlan load(String fileOrName) throws IOException {
        Path file = Path.of(fileOrName);
        if (Files.isRegularFile(file)) {
            return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        }
        try (InputStream shipped = ChaosPlan.class.getResourceAsStream(fileOrName + ".plan")) {
            if (shipped == null) {
                throw new IOException("no plan file " + file.toAbsolutePath() + " and no shipped plan named '"
                        + fileOrName + "' (shipped: short, long)");
            }
            return parse(fileOrName, new String(shipped.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    public static ChaosPlan parse(String name, String text) {
        List<ChaosStep> steps = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                steps.add(parseStep(line.split("\\s+")));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + " '" + line + "': " + e.getMessage(), e);
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(name + " has no steps");
        }
        return new ChaosPlan(name, steps);
    }

    /** The same steps in a random order drawn from {@code seed}. */
    public ChaosPlan shuffled(long seed) {
        List<ChaosStep> copy = new ArrayList<>(steps);
        Collections.shuffle(copy, new Random(seed));
        return new ChaosPlan(name + " (shuffled, seed " + seed + ")", copy);
    }

    /** Every node index a step names must exist. */
    public void checkNodes(int nodes) {
        for (ChaosStep step : steps) {
            List<Integer> named = switch (step) {
                case ChaosStep.Pause p -> p.nodes();
                case ChaosStep.Partition p -> p.sides().stream().flatMap(List::stream).toList();
                case ChaosStep.ClockSkew s -> List.of(s.node());
                case ChaosStep.DiskFull d -> List.of(d.node());
                case ChaosStep.KillAll k -> List.of();
            };
            for (int n : named) {
                if (n < 0 || n >= nodes) {
                    throw new IllegalArgumentException("'" + step.describe() + "' names node " + n
                            + " but the testnet has nodes 0.." + (nodes - 1));
                }
            }
        }
    }

    private static ChaosStep parseStep(String[] w) {
        return switch (w[0]) {
            case "pause" -> {
                arity(w, 3);
                yield new ChaosStep.Pause(nodes(w[1]), duration(w[2]));
            }
            case "kill-all" -> {
                arity(w, 1);
                yield new ChaosStep.KillAll();
            }
            case "partition" -> {
                arity(w, 3);
                List<List<Integer>> sides = new ArrayList<>();
                for (String side : w[1].split("\\|")) {
                    sides.add(nodes(side));
                }
                if (sides.size() < 2) {
                    throw new IllegalArgumentException("a partition needs at least two sides, e.g. 0|1,2,3");
                }
                yield new ChaosStep.Partition(sides, duration(w[2]));
            }
            case "skew" -> {
                arity(w, 4);
                String offset = w[2];
                boolean negative = offset.startsWith("-");
                if (!negative && !offset.startsWith("+")) {
                    throw new IllegalArgumentException("the offset needs a sign, e.g. +30s or -30s");
                }
                Duration d = duration(offset.substring(1));
                yield new ChaosStep.ClockSkew(node(w[1]), negative ? d.negated() : d, duration(w[3]));
            }
            case "disk-full" -> {
                arity(w, 3);
                yield new ChaosStep.DiskFull(node(w[1]), duration(w[2]));
            }
            default -> throw new IllegalArgumentException("unknown step '" + w[0]
                    + "' (known: pause, kill-all, partition, skew, disk-full)");
        };
    }

    private static void arity(String[] words, int expected) {
        if (words.length != expected) {
            throw new IllegalArgumentException("expected " + (expected - 1) + " argument(s), got " + (words.length - 1));
        }
    }

    private static List<Integer> nodes(String list) {
        List<Integer> out = new ArrayList<>();
        for (String n : list.split(",")) {
            out.add(node(n));
        }
        return out;
    }

    private static int node(String n) {
        try {
            return Integer.parseInt(n.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + n + "' is not a node index");
        }
    }

    static Duration duration(String text) {
        String t = text.trim();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long value = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(value);
                case 'm' -> Duration.ofMinutes(value);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 500ms, 30s or 2m");
        }
    }

    static String formatDuration(Duration d) {
        return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() + "s";
    }

    static String joinNodes(List<Integer> nodes) {
        return nodes.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
