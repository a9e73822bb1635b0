package org.wishledger.consensus.sim;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.wishledger.consensus.ConsensusCore;
import org.wishledger.consensus.Input;
import org.wishledger.consensus.Output;
import org.wishledger.consensus.commit.Commits;
import org.wishledger.consensus.driver.ConsensusDriver;
import org.wishledger.consensus.driver.Effect;
import org.wishledger.consensus.driver.Event;
import org.wishledger.consensus.privval.PrivValidator;
import org.wishledger.consensus.privval.SignState;
import org.wishledger.consensus.sim.SimMessage.CommitMsg;
import org.wishledger.consensus.sim.SimMessage.ProposalMsg;
import org.wishledger.consensus.sim.SimMessage.StatusMsg;
import org.wishledger.consensus.sim.SimMessage.VoteMsg;
import org.wishledger.consensus.wal.ConsensusWal;
import org.wishledger.consensus.wal.DurableConsensus;
import org.wishledger.ledger.error.Rejection;

/**
 * An honest validator: the node's {@link ConsensusDriver} (same class, same config) over the real WAL
 * and sign-state files, with this class as its effect interpreter on the simulated network and clock.
 * What stays here is what the node also keeps outside the driver: signature checks of incoming
 * messages, the block store (decided heights and their commits), block sync, and simulated block
 * validation and building. A crash drops the driver and cuts the WAL back to what was forced to disk.
 */
final class HonestNode extends SimNode implements Consumer<Effect<ProposalMsg>> {
    private final Path dir;
    private boolean up;
    private int incarnation;

    // Volatile state (lost in a crash).
    private ConsensusDriver<ProposalMsg> driver;
    private ConsensusWal wal;
    private SignState signState;
    private final Map<Integer, Long> lastSyncSent = new HashMap<>();

    // Durable state (the block store): decided heights and their commits.
    private long decidedHeight;
    private final Map<Long, CommitMsg> commits = new HashMap<>();

    HonestNode(Simulation sim, int index, ByteString address, Path dir) {
        super(sim, index, address);
        this.dir = dir;
    }

    @Override
    boolean honest() {
        return true;
    }

    boolean up() {
        return up;
    }

    long decidedHeight() {
        return decidedHeight;
    }

    ConsensusCore core() {
        return driver.core();
    }

    // ------------------------------------------------------------------ lifecycle

    void start() {
        PrivValidator pv;
        try {
            wal = ConsensusWal.open(dir.resolve("wal"));
            signState = SignState.open(dir.resolve("sign-state"));
            pv = new PrivValidator(Simulation.CHAIN, sim.signatures.signer(address), signState);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver = new ConsensusDriver<>(new DurableConsensus(sim.config.coreFactory().apply(address), wal), pv, SimProposalFormat.INSTANCE,
                sim::validatorsAt, sim.config.driverConfig(), () -> sim.now() * 1_000_000L, this);
        if (sim.tracing()) {
            driver.observe(new ConsensusDriver.Observer() {
                @Override
                public void onInput(Input input) {
                    sim.trace(index, "in  " + sim.describe.input(input));
                }

                @Override
                public void onOutput(Output output) {
                    sim.trace(index, "out " + sim.describe.output(output));
                }
            });
        }
        up = true;
        long height = decidedHeight + 1;
        if (height > sim.config.heights()) {
            return; // done: only serves commits
        }
        if (driver.start(height)) {
            sim.trace(index, "replayed WAL of height " + height + " -> " + driver.core());
        }
    }

    void crash() {
        if (!up) {
            return;
        }
        up = false;
        incarnation++;
        try {
            long synced = wal.syncedLength();
            Path file = wal.currentFile();
            wal.close();
            signState.close();
            if (file != null) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(synced); // power loss: what was not forced is gone
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver = null;
        wal = null;
        lastSyncSent.clear();
        sim.trace(index, "CRASH");
    }

    void restart() {
        if (up) {
            return;
        }
        sim.trace(index, "RESTART");
        switch (sim.config.amnesia()) {
            case FORGET_ALL -> deleteRecursively(dir);
            case FORGET_WAL -> deleteRecursively(dir.resolve("wal"));
            case NONE -> {
            }
        }
        start();
    }

    // ------------------------------------------------------------------ network in

    @Override
    void receive(int from, SimMessage message) {
        if (!up) {
            return;
        }
        switch (message) {
            case StatusMsg s -> sendCommit(from, s.height());
            case CommitMsg c -> {
                if (c.height() == decidedHeight + 1) {
                    applyCommit(c);
                }
            }
            case ProposalMsg p -> {
                if (!verifyProposal(p)) {
                    return;
                }
                if (p.height() <= decidedHeight) {
                    sendCommit(from, p.height()); // the sender is behind: block sync
                } else {
                    driver.handle(new Event.ProposalArrived<>(p, p.valueId()));
                }
            }
            case VoteMsg v -> {
                if (!verifyVote(v.vote())) {
                    return;
                }
                if (v.height() <= decidedHeight) {
                    sendCommit(from, v.height());
                } else {
                    driver.handle(new Event.VoteArrived<>(v.vote()));
                }
            }
        }
    }

    /** The node's duty cycle, every 500 ms: announce the height (block sync) and let the driver tick. */
    @Override
    void gossip() {
        if (!up) {
            return;
        }
        sim.network.broadcast(index, new StatusMsg(decidedHeight + 1));
        driver.tick();
    }

    /**
     * Block sync: a verified commit for the next height ends it without the core, as the node's block
     * sync does (the core's tallies keep a Byzantine validator's first vote, so a valid commit that holds
     * its other vote could not be replayed through them).
     */
    private void applyCommit(CommitMsg c) {
        try {
            Commits.verify(Simulation.CHAIN, sim.validatorsAt(c.height()), c.commit(), c.height(),
                    c.proposal().valueId(), sim.signatures);
        } catch (Rejection e) {
            sim.trace(index, "rejected commit: " + e);
            return;
        }
        if (!sim.registry.isValid(c.commit().getBlockId())) {
            sim.trace(index, "rejected synced block: invalid");
            return;
        }
        sim.trace(index, "block sync: commit for height " + c.height());
        store(c.height(), c.commit().getRound(), c.commit().getBlockId(), c);
    }

    private void sendCommit(int to, long height) {
        CommitMsg c = commits.get(height);
        if (c == null) {
            return;
        }
        Long last = lastSyncSent.get(to);
        if (last != null && sim.now() - last < 200) {
            return;
        }
        lastSyncSent.put(to, sim.now());
        sim.network.send(index, to, c);
    }

    // ------------------------------------------------------------------ effects

    @Override
    public void accept(Effect<ProposalMsg> effect) {
        switch (effect) {
            case Effect.PublishVote<ProposalMsg> e -> {
                var v = e.vote();
                sim.checker.onSigned(index, v.getHeight(), v.getRound(), v.getType().getNumber(), v.getBlockId());
                sim.network.broadcast(index, new VoteMsg(v));
            }
            case Effect.PublishProposal<ProposalMsg> e -> {
                ProposalMsg p = e.proposal();
                sim.checker.onSigned(index, p.height(), p.round(), 0, p.valueId());
                sim.recordProposal(p);
                sim.registry.markProposed(p.valueId());
                sim.network.broadcast(index, p);
            }
            case Effect.RelayVote<ProposalMsg> e -> send(e.peer(), new VoteMsg(e.vote()));
            case Effect.RelayProposal<ProposalMsg> e -> send(e.peer(), e.proposal());
            case Effect.ValidateBlock<ProposalMsg> e -> validateLater(e.height(), e.blockId());
            case Effect.BuildProposal<ProposalMsg> e -> {
                ByteString value = sim.registry.create(sim.random.nextDouble() >= Simulation.HONEST_INVALID_RATE);
                driver.handle(new Event.ProposalBuilt<>(e.height(), e.round(), value,
                        new ProposalMsg(e.height(), e.round(), -1, value, address, ByteString.EMPTY)));
            }
            case Effect.CommitBlock<ProposalMsg> e -> onDecide(e);
            case Effect.StoreEvidence<ProposalMsg> e -> sim.evidence++;
            case Effect.WakeAt<ProposalMsg> e -> {
                int inc = incarnation;
                sim.scheduleAt((e.deadlineNanos() + 999_999) / 1_000_000, () -> {
                    if (up && inc == incarnation) {
                        driver.tick();
                    }
                });
            }
            case Effect.SignRefused<ProposalMsg> e -> {
                if (!e.replaying()) {
                    sim.guardRefusals++;
                }
                sim.trace(index, "guard: " + e.reason());
            }
            case Effect.CannotPropose<ProposalMsg> e -> sim.trace(index, "cannot re-propose at round " + e.round());
        }
    }

    private void send(Object peer, SimMessage m) {
        if (peer == null) {
            sim.network.broadcast(index, m);
        } else {
            sim.network.send(index, (Integer) peer, m);
        }
    }

    /** Simulated block validation: the verdict comes back 1-30 ms later, as from the node's executor. */
    private void validateLater(long height, ByteString value) {
        int inc = incarnation;
        boolean valid = sim.registry.isValid(value);
        sim.schedule(1 + sim.random.nextInt(30), () -> {
            if (up && inc == incarnation) {
                driver.handle(new Event.Verdict<>(height, value, valid));
            }
        });
    }

    private void onDecide(Effect.CommitBlock<ProposalMsg> d) {
        if (d.height() <= decidedHeight) {
            return; // block sync stored it first (the last height's core keeps running: nothing follows it)
        }
        ProposalMsg proposal = d.proposal();
        if (proposal == null) { // decided in a replay without the block: the simulated block sync has it
            proposal = sim.sentProposal(d.height(), d.round(), d.blockId(),
                    sim.validatorsAt(d.height()).proposer(d.round()).address());
        }
        if (proposal == null) {
            throw new IllegalStateException("node " + index + " decided without the proposal it decided on");
        }
        try { // a decision must always produce a commit that verifies
            Commits.verify(Simulation.CHAIN, sim.validatorsAt(d.height()), d.commit(), d.height(), d.blockId(),
                    sim.signatures);
        } catch (Rejection e) {
            throw new IllegalStateException("decision of node " + index + " does not make a valid commit: " + e);
        }
        sim.rounds += d.round() + 1;
        store(d.height(), d.round(), d.blockId(), new CommitMsg(d.height(), proposal, d.commit(), d.precommits()));
    }

    /** The block of {@code height} is stored (decided here or block-synced): on to the next height. */
    private void store(long height, int round, ByteString value, CommitMsg commit) {
        sim.checker.onDecide(index, height, value, sim.now());
        commits.put(height, commit);
        decidedHeight = height;
        sim.trace(index, "DECIDED h=" + height + " r=" + round + " " + Checker.short8(value));
        if (height >= sim.config.heights()) {
            sim.nodeFinished();
            return;
        }
        driver.handle(new Event.HeightStart<>(height + 1));
    }

    static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: temp dir
        }
    }
}
