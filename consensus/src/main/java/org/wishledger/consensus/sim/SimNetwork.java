package org.wishledger.consensus.sim;

import java.util.Random;

/**
 * The simulated network: per-message delay from the run's distribution, loss, duplication (and thereby
 * reordering), and before GST an optional partition into two groups. Partial synchrony as in the paper's
 * model: a message sent before GST arrives by GST + delta at the latest (unless lost), a message sent after
 * GST within delta. Lost messages are repaired by the nodes' gossip resends.
 */
final class SimNetwork {
    enum DelayShape { UNIFORM, EXPONENTIAL, BIMODAL }

    private final Simulation sim;
    private final Random random;
    private final DelayShape shape;
    private final boolean[] groupB;
    private final boolean partitioned;
    private final double loss;
    private final double duplication;
    private final long gst;
    private final long delta;
    /** Before GST some directed links are much slower than others (asymmetric WAN paths). */
    private final int[][] slowness;
    private final boolean[] adversary;
    /** Targeted delays the adversary installed: (from, to, message) -> deliver no earlier than (0: none). */
    interface HoldRule {
        long holdUntil(int from, int to, SimMessage message);
    }

    private final java.util.List<HoldRule> rules = new java.util.ArrayList<>();

    SimNetwork(Simulation sim, Random random, int size, SimConfig config) {
        this.sim = sim;
        this.random = random;
        this.shape = DelayShape.values()[random.nextInt(DelayShape.values().length)];
        this.partitioned = config.partition() && config.gstMs() > 0 && random.nextInt(4) != 0;
        this.groupB = new boolean[size];
        if (partitioned) {
            int cut = 1 + random.nextInt(size - 1); // both sides non-empty
            int[] order = shuffled(size);
            for (int i = 0; i < cut; i++) {
                groupB[order[i]] = true;
            }
        }
        this.loss = config.loss();
        this.duplication = config.duplication();
        this.gst = config.gstMs();
        this.delta = config.deltaMs();
        this.adversary = new boolean[size];
        this.slowness = new int[size][size];
        for (int[] row : slowness) {
            for (int j = 0; j < size; j++) {
                row[j] = random.nextInt(10) < 7 ? 1 : 3 + random.nextInt(8);
            }
        }
    }

    private int[] shuffled(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    String describe() {
        StringBuilder sb = new StringBuilder("delays=" + shape + " loss=" + loss + " dup=" + duplication + " gst=" + gst);
        if (partitioned) {
            sb.append(" partition=");
            for (boolean b : groupB) {
                sb.append(b ? 'B' : 'A');
            }
        }
        return sb.toString();
    }

    /** The adversary's own links are fast and reliable: Byzantine validators are well connected. */
    void markAdversary(int node) {
        adversary[node] = true;
    }

    /** The adversary delays the messages the rule picks, before GST only (partial synchrony allows it). */
    void addHoldRule(HoldRule rule) {
        if (sim.now() < gst) {
            rules.add(rule);
        }
    }

    long gst() {
        return gst;
    }

    void broadcast(int from, SimMessage message) {
        for (int to = 0; to < groupB.length; to++) {
            if (to != from) {
                send(from, to, message);
            }
        }
    }

    void send(int from, int to, SimMessage message) {
        long now = sim.now();
        if (adversary[from] || adversary[to]) {
            deliver(from, to, message, now);
            return;
        }
        if (now < gst && partitioned && groupB[from] != groupB[to]) {
            return;
        }
        if (random.nextDouble() < loss) {
            return;
        }
        deliver(from, to, message, now);
        if (random.nextDouble() < duplication) {
            deliver(from, to, message, now);
        }
    }

    private void deliver(int from, int to, SimMessage message, long now) {
        long at;
        if (adversary[from] || adversary[to]) {
            at = now + 1 + random.nextInt(20);
        } else if (now < gst) {
            at = Math.min(now + asyncDelay() * slowness[from][to], gst + 1 + random.nextInt((int) delta));
        } else {
            at = now + 1 + random.nextInt((int) delta);
        }
        if (now < gst) {
            for (HoldRule rule : rules) {
                at = Math.max(at, Math.min(rule.holdUntil(from, to, message), gst + 1 + random.nextInt((int) delta)));
            }
        }
        sim.scheduleAt(at, () -> sim.node(to).receive(from, message));
    }

    private long asyncDelay() {
        return switch (shape) {
            case UNIFORM -> 1 + random.nextInt(1500);
            case EXPONENTIAL -> 1 + (long) (-300 * Math.log(1 - random.nextDouble()));
            case BIMODAL -> random.nextInt(10) == 0 ? 500 + random.nextInt(3000) : 2 + random.nextInt(40);
        };
    }
}
