package org.wishledger.consensus.sim;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.wishledger.consensus.Validator;
import org.wishledger.consensus.Validators;
import org.wishledger.consensus.sim.SimMessage.ProposalMsg;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.crypto.PublicKey;

/**
 * One seeded run: N validators over a simulated clock and network, each honest one driving the real
 * core through the real WAL and sign-state code, Byzantine ones distorting their messages; crashes and
 * restarts. Everything random comes from one {@link Random} consumed in event order, so a seed replays
 * exactly (which is what makes a printed trace reproducible).
 */
public final class Simulation {
    static final String CHAIN = "wishledger-sim";
    static final double HONEST_INVALID_RATE = 0.0; // an honest proposer only proposes blocks it validated
    static final long GOSSIP_INTERVAL_MS = 500;
    static final long MAX_EVENTS = 3_000_000;

    private static final PublicKey[] KEYS = new PublicKey[64];

    final SimConfig config;
    final long seed;
    final Random random;
    final SimSignatures signatures;
    final ValueRegistry registry;
    final Checker checker;
    final SimNetwork network;
    private final SimNode[] nodes;
    private final List<Validators> validatorsByHeight = new ArrayList<>();
    private final Map<String, ProposalMsg> sentProposals = new HashMap<>();
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final boolean tracing;
    private final List<String> trace = new ArrayList<>();
    private final Path dir;
    private final Map<ByteString, Integer> indexByAddress = new HashMap<>();
    final Describe describe = new Describe(indexByAddress);
    private long now;
    private long sequence;
    private long events;
    private int finished;
    private int honestCount;
    private long stableFrom;
    private long finishedAt = -1;
    int guardRefusals;
    int evidence;
    int rounds;
    int crashes;

    private record Event(long time, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private Simulation(SimConfig config, long seed, boolean tracing) {
        this.config = config;
        this.seed = seed;
        this.tracing = tracing;
        this.random = new Random(seed);
        this.signatures = new SimSignatures(seed);
        this.registry = new ValueRegistry(seed);
        this.checker = new Checker(registry);
        int n = config.validators();
        this.nodes = new SimNode[n];
        this.network = new SimNetwork(this, random, n, config);
        try {
            this.dir = Files.createTempDirectory(tempBase(), "wl-sim-" + seed + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one seed. With {@code tracing} every input and output of every honest node is recorded. */
    public static RunResult run(SimConfig config, long seed, boolean tracing) {
        Simulation sim = new Simulation(config, seed, tracing);
        try {
            return sim.execute();
        } finally {
            HonestNode.deleteRecursively(sim.dir);
        }
    }

    private RunResult execute() {
        int n = config.validators();
        long[] powers = new long[n];
        boolean equal = random.nextBoolean();
        for (int i = 0; i < n; i++) {
            powers[i] = equal ? 10 : 1 + random.nextInt(20);
        }
        boolean[] byzantine = new boolean[n];
        for (int k = 0; k < config.byzantine(); ) {
            int i = random.nextInt(n);
            if (!byzantine[i]) {
                byzantine[i] = true;
                k++;
            }
        }
        long minHonest = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            if (!byzantine[i]) {
                minHonest = Math.min(minHonest, powers[i]);
            }
        }
        List<Validator> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (byzantine[i]) {
                powers[i] = Math.min(powers[i], minHonest); // keeps Byzantine power below 1/3 (3F < N)
            }
            members.add(Validator.of("v" + i, key(i), powers[i]));
        }
        validatorsByHeight.add(null);
        validatorsByHeight.add(Validators.initial(members));

        StringBuilder setup = new StringBuilder("seed=" + seed + " n=" + n + " " + network.describe() + " powers=");
        for (int i = 0; i < n; i++) {
            ByteString address = ByteString.copyFrom(key(i).address());
            indexByAddress.put(address, i);
            if (byzantine[i]) {
                ByzantineBehaviour pick = ByzantineBehaviour.values()[random.nextInt(ByzantineBehaviour.values().length)];
                ByzantineBehaviour b = config.behaviour() == null ? pick : config.behaviour();
                nodes[i] = new ByzantineNode(this, i, address, b);
                network.markAdversary(i);
                setup.append(powers[i]).append("(byz:").append(b).append(") ");
            } else {
                nodes[i] = new HonestNode(this, i, address, dir.resolve("node" + i));
                honestCount++;
                setup.append(powers[i]).append(' ');
            }
        }
        trace(-1, setup.toString());

        long lastRestart = 0;
        for (int k = 0; k < config.crashRestarts(); k++) {
            int victim = honestIndex(random.nextInt(honestCount));
            long at = random.nextInt((int) Math.max(1, config.gstMs() + 3000));
            long down = 300 + random.nextInt(2700);
            HonestNode node = (HonestNode) nodes[victim];
            scheduleAt(at, () -> {
                if (node.up()) {
                    crashes++;
                    node.crash();
                    scheduleAt(now + down, node::restart);
                }
            });
            lastRestart = Math.max(lastRestart, at + down);
        }
        for (SimNode node : nodes) {
            long offset = random.nextInt((int) GOSSIP_INTERVAL_MS);
            scheduleAt(offset, () -> gossipLoop(node));
        }
        for (SimNode node : nodes) {
            if (node instanceof HonestNode h) {
                h.start();
            } else {
                ((ByzantineNode) node).start();
            }
        }

        stableFrom = Math.max(config.gstMs(), lastRestart);
        long end = stableFrom + config.livenessBoundMs();
        while (!queue.isEmpty() && finished < honestCount && events < MAX_EVENTS) {
            Event e = queue.poll();
            if (e.time > end) {
                break;
            }
            now = e.time;
            events++;
            e.action.run();
        }
        return result();
    }

    private void gossipLoop(SimNode node) {
        if (finished >= honestCount) {
            return;
        }
        node.gossip();
        schedule(GOSSIP_INTERVAL_MS, () -> gossipLoop(node));
    }

    private RunResult result() {
        int liveness = 0;
        List<String> violations = new ArrayList<>(checker.violations);
        long minDecided = Long.MAX_VALUE;
        StringBuilder lagging = new StringBuilder();
        for (SimNode node : nodes) {
            if (node instanceof HonestNode h) {
                minDecided = Math.min(minDecided, h.decidedHeight());
                if (h.decidedHeight() < config.heights()) {
                    lagging.append(" node").append(h.index).append(" decided ").append(h.decidedHeight())
                            .append(h.up() ? " at " + h.core() : " (down)").append(';');
                }
            }
        }
        if (lagging.length() > 0) {
            liveness = 1;
            violations.add("LIVENESS: by t=" + now + "ms (events=" + events + ")" + lagging);
        }
        return new RunResult(seed, config.validators(), config.byzantine(),
                (int) (minDecided == Long.MAX_VALUE ? 0 : minDecided), checker.agreement, checker.validity, liveness,
                checker.doubleSigns, now, finishedAt < 0 ? -1 : Math.max(0, finishedAt - stableFrom), events, rounds,
                evidence, crashes, guardRefusals, violations,
                tracing ? trace : List.of());
    }

    // ------------------------------------------------------------------ services for nodes

    long now() {
        return now;
    }

    int size() {
        return nodes.length;
    }

    SimNode node(int i) {
        return nodes[i];
    }

    void schedule(long delay, Runnable action) {
        scheduleAt(now + delay, action);
    }

    void scheduleAt(long time, Runnable action) {
        queue.add(new Event(Math.max(time, now), sequence++, action));
    }

    void nodeFinished() {
        finished++;
        if (finished == honestCount) {
            finishedAt = now;
        }
    }

    Validators validatorsAt(long height) {
        while (validatorsByHeight.size() <= height) {
            validatorsByHeight.add(validatorsByHeight.get(validatorsByHeight.size() - 1).nextHeight());
        }
        return validatorsByHeight.get((int) height);
    }

    void recordProposal(ProposalMsg p) {
        sentProposals.putIfAbsent(proposalKey(p.height(), p.round(), p.valueId(), p.proposer()), p);
    }

    /** A signed proposal that was sent (the simulated block store of a restarted node looks it up). */
    ProposalMsg sentProposal(long height, int round, ByteString value, ByteString proposer) {
        return sentProposals.get(proposalKey(height, round, value, proposer));
    }

    private static String proposalKey(long height, int round, ByteString value, ByteString proposer) {
        return height + "/" + round + "/" + value.hashCode() + "/" + proposer.hashCode();
    }

    boolean tracing() {
        return tracing;
    }

    void trace(int node, String line) {
        if (tracing) {
            trace.add(String.format("t=%6d n=%2d %s", now, node, line));
        }
    }

    int honestCount() {
        return honestCount;
    }

    int randomHonest() {
        return honestIndex(random.nextInt(honestCount));
    }

    private int honestIndex(int k) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] instanceof HonestNode && k-- == 0) {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    private static synchronized PublicKey key(int i) {
        if (KEYS[i] == null) {
            byte[] seed = new byte[32];
            seed[0] = (byte) (i + 1);
            seed[1] = 0x5a;
            KEYS[i] = KeyPair.fromSeed(seed).publicKey();
        }
        return KEYS[i];
    }

    private static Path tempBase() {
        Path shm = Paths.get("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm; // tmpfs: fsync is cheap, so thousands of runs can use the real files
        }
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }
}
