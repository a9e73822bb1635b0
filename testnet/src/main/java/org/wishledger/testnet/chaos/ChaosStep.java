package org.wishledger.testnet.chaos;

import java.time.Duration;
import java.util.List;

/** One perturbation of a chaos plan, as written in the plan file (see {@link ChaosPlan}). */
public sealed interface ChaosStep {
    /** The step as a plan line, for the verdict table. */
    String describe();

    /** SIGSTOP the nodes, hold, SIGCONT: a process that freezes (GC storm, VM pause) but keeps its sockets. */
    record Pause(List<Integer> nodes, Duration hold) implements ChaosStep {
        public String describe() {
            return "pause " + ChaosPlan.joinNodes(nodes) + " " + ChaosPlan.formatDuration(hold);
        }
    }

    /** kill -9 every node at once (power loss of the whole cluster), then start them all again. */
    record KillAll() implements ChaosStep {
        public String describe() {
            return "kill-all";
        }
    }

    /** Cut every link between the sides (firewall rules on the nodes' loopback addresses), hold, heal. */
    record Partition(List<List<Integer>> sides, Duration hold) implements ChaosStep {
        public String describe() {
            StringBuilder s = new StringBuilder("partition ");
            for (int i = 0; i < sides.size(); i++) {
                s.append(i == 0 ? "" : "|").append(ChaosPlan.joinNodes(sides.get(i)));
            }
            return s.append(' ').append(ChaosPlan.formatDuration(hold)).toString();
        }
    }

    /** Restart one node with its wall clock shifted by {@code offset} (libfaketime), hold, restart it true. */
    record ClockSkew(int node, Duration offset, Duration hold) implements ChaosStep {
        public String describe() {
            return "skew " + node + " " + (offset.isNegative() ? "-" : "+")
                    + ChaosPlan.formatDuration(offset.abs()) + " " + ChaosPlan.formatDuration(hold);
        }
    }

    /**
     * Move one node's data onto a tmpfs barely larger than it, so the load fills it: the node must stop
     * by itself, cleanly, within {@code fillTimeout}; then the tmpfs grows and the node must restart
     * and catch up.
     */
    record DiskFull(int node, Duration fillTimeout) implements ChaosStep {
        public String describe() {
            return "disk-full " + node + " " + ChaosPlan.formatDuration(fillTimeout);
        }
    }
}
