package org.wishledger.consensus.sim;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.wishledger.consensus.ConsensusCore;
import org.wishledger.consensus.Input;
import org.wishledger.consensus.Output;
import org.wishledger.consensus.Step;
import org.wishledger.consensus.Validators;
import org.wishledger.consensus.VoteTally;
import org.wishledger.consensus.commit.Commits;
import org.wishledger.consensus.privval.DoubleSignRefusedException;
import org.wishledger.consensus.privval.PrivValidator;
import org.wishledger.consensus.privval.SignState;
import org.wishledger.consensus.sim.SimMessage.CommitMsg;
import org.wishledger.consensus.sim.SimMessage.ProposalMsg;
import org.wishledger.consensus.sim.SimMessage.StatusMsg;
import org.wishledger.consensus.sim.SimMessage.VoteMsg;
import org.wishledger.consensus.wal.ConsensusWal;
import org.wishledger.consensus.wal.DurableConsensus;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Vote;

/**
 * An honest validator's host, as the real node drives the core: WAL-backed core, sign-state guarded
 * signing, own votes fed back, verdicts from a (simulated) block validation after a delay, a buffer for
 * messages of the next heights, gossip resends and commit-based catch-up. Crash and restart go through
 * the real WAL and sign-state files; a crash also cuts the WAL back to what was forced to disk.
 */
final class HonestNode extends SimNode {
    private static final int MAX_BUFFERED_PER_HEIGHT = 4096;

    private final Path dir;
    private boolean up;
    private int incarnation;

    // Volatile state (lost in a crash).
    private DurableConsensus dc;
    private PrivValidator pv;
    private SignState signState;
    private final TreeMap<Long, List<Object[]>> future = new TreeMap<>();
    private final Set<ByteString> verdictRequested = new HashSet<>();
    private final List<ProposalMsg> proposals = new ArrayList<>(); // of the current height: for commits
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
        return dc.core();
    }

    // ------------------------------------------------------------------ lifecycle

    void start() {
        try {
            ConsensusCore core = sim.config.coreFactory().apply(address);
            dc = new DurableConsensus(core, ConsensusWal.open(dir.resolve("wal")));
            signState = SignState.open(dir.resolve("sign-state"));
            pv = new PrivValidator(Simulation.CHAIN, sim.signatures.signer(address), signState);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        up = true;
        long height = decidedHeight + 1;
        if (height > sim.config.heights()) {
            return; // done: only serves commits
        }
        DurableConsensus.Replay replayed;
        try {
            replayed = dc.replay(height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (replayed.isEmpty()) {
            process(apply(new Input.NewHeight(height, sim.validatorsAt(height))));
        } else {
            sim.trace(index, "replayed WAL of height " + height + " -> " + dc.core());
            recoverFromReplay(replayed);
        }
    }

    /** After a WAL replay: resend what the guard allows (only the last signed message), re-arm timeouts. */
    private void recoverFromReplay(DurableConsensus.Replay replayed) {
        ConsensusCore core = dc.core();
        for (Input in : replayed.inputs()) {
            if (in instanceof Input.ProposalReceived p) {
                ProposalMsg signed = proposalFromLog(p);
                if (signed != null) {
                    proposals.add(signed);
                }
            }
        }
        for (Output o : replayed.outputs()) {
            switch (o) {
                case Output.BroadcastVote bv -> {
                    try {
                        Vote v = pv.signVote(bv);
                        sim.trace(index, "resent last signed vote after restart");
                        sim.network.broadcast(index, new VoteMsg(v));
                        // its feedback may be what the crash cut from the WAL: count it again
                        if (!alreadyHave(v)) {
                            process(apply(new Input.VoteReceived(v)));
                        }
                    } catch (DoubleSignRefusedException e) {
                        // expected: an older message, already sent before the crash
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                case Output.BroadcastProposal bp -> {
                    try {
                        byte[] sig = pv.signProposal(bp);
                        ProposalMsg p = new ProposalMsg(bp.height(), bp.round(), bp.polRound(), bp.valueId(), address,
                                ByteString.copyFrom(sig));
                        proposals.add(p);
                        sim.recordProposal(p);
                        sim.network.broadcast(index, p);
                    } catch (DoubleSignRefusedException e) {
                        // expected
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                case Output.ScheduleTimeout t -> scheduleTimeout(t);
                case Output.Decide d -> onDecide(d, new ArrayDeque<>());
                default -> {
                }
            }
        }
        if (core.step() == Step.PROPOSE && core.height() == decidedHeight + 1
                && core.validators().proposer(core.round()).address().equals(address) && core.validValue() == null) {
            process(List.of(new Output.RequestValue(core.height(), core.round()))); // the answer may have been lost
        }
        // Ask again for verdicts of proposals replayed without one.
        for (ByteString v : replayed.proposalsWithoutVerdict()) {
            requestVerdict(core.height(), v);
        }
    }

    /**
     * The WAL keeps proposals without their signature (the core does not need it); the simulated block
     * store re-signs nothing — it looks the signed message up in the network's record of sent proposals.
     */
    private ProposalMsg proposalFromLog(Input.ProposalReceived p) {
        return sim.sentProposal(p.height(), p.round(), p.valueId(), p.proposer());
    }

    void crash() {
        if (!up) {
            return;
        }
        up = false;
        incarnation++;
        try {
            long synced = dc.wal().syncedLength();
            Path file = dc.wal().currentFile();
            dc.wal().close();
            signState.close();
            if (file != null) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(synced); // power loss: what was not forced is gone
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dc = null;
        pv = null;
        future.clear();
        verdictRequested.clear();
        proposals.clear();
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

    // ------------------------------------------------------------------ network

    @Override
    void receive(int from, SimMessage message) {
        if (!up) {
            return;
        }
        long height = currentHeight();
        switch (message) {
            case StatusMsg s -> {
                if (s.height() <= decidedHeight) {
                    sendCommit(from, s.height());
                }
            }
            case CommitMsg c -> {
                if (c.height() == height && !decidedCurrent()) {
                    applyCommit(c);
                } else if (c.height() > height) {
                    buffer(from, c);
                }
            }
            case ProposalMsg p -> {
                if (!verifyProposal(p)) {
                    return;
                }
                if (p.height() == height && !decidedCurrent()) {
                    onProposal(p);
                } else if (p.height() > height) {
                    buffer(from, p);
                } else {
                    sendCommit(from, p.height());
                }
            }
            case VoteMsg v -> {
                Vote vote = v.vote();
                if (!verifyVote(vote)) {
                    return;
                }
                if (vote.getHeight() == height && !decidedCurrent()) {
                    if (!alreadyHave(vote)) {
                        process(apply(new Input.VoteReceived(vote)));
                    }
                } else if (vote.getHeight() > height) {
                    buffer(from, v);
                } else {
                    sendCommit(from, vote.getHeight());
                }
            }
        }
    }

    private long currentHeight() {
        return decidedHeight + 1;
    }

    private boolean decidedCurrent() {
        return decidedHeight >= sim.config.heights() || dc.core().height() != currentHeight();
    }

    /** The gossip layer drops what the core already counted (a real node dedups by message hash). */
    private boolean alreadyHave(Vote vote) {
        ConsensusCore core = dc.core();
        VoteTally t = core.votes().tally(vote.getRound(), vote.getType());
        if (t == null) {
            return false;
        }
        int idx = core.validators().indexOf(vote.getValidator());
        return idx >= 0 && t.contains(idx, vote);
    }

    private void onProposal(ProposalMsg p) {
        for (ProposalMsg known : proposals) {
            if (known.equals(p)) {
                return;
            }
        }
        proposals.add(p);
        process(apply(new Input.ProposalReceived(p.height(), p.round(), p.polRound(), p.valueId(), p.proposer())));
        requestVerdict(p.height(), p.valueId());
    }

    /**
     * Block sync: a verified commit for the current height ends it without the core, as a real node's
     * block sync does (the core's tallies keep a Byzantine validator's first vote, so a valid commit that
     * holds its other vote could not be replayed through them).
     */
    private void applyCommit(CommitMsg c) {
        Validators validators = dc.core().validators();
        try {
            Commits.verify(Simulation.CHAIN, validators, c.commit(), c.height(), c.proposal().valueId(), sim.signatures);
        } catch (Rejection e) {
            sim.trace(index, "rejected commit: " + e);
            return;
        }
        if (!sim.registry.isValid(c.commit().getBlockId())) {
            sim.trace(index, "rejected synced block: invalid");
            return;
        }
        sim.trace(index, "block sync: commit for height " + c.height());
        ArrayDeque<Output> queue = new ArrayDeque<>();
        finishHeight(c.height(), c.commit().getRound(), c.commit().getBlockId(), c, queue);
        process(new ArrayList<>(queue));
    }

    private void buffer(int from, SimMessage m) {
        if (m.height() > currentHeight() + 3) {
            return;
        }
        List<Object[]> list = future.computeIfAbsent(m.height(), h -> new ArrayList<>());
        if (list.size() < MAX_BUFFERED_PER_HEIGHT) {
            list.add(new Object[] {from, m});
        }
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

    /**
     * Gossip, as CometBFT's consensus reactor does it: peers tell each other which votes they hold, and
     * each node sends a peer the votes of their common height the peer lacks — its own and those it
     * relays (the paper's model: whatever a correct process receives, every correct process eventually
     * receives). The simulator reads the peer's holdings directly instead of simulating HasVote messages;
     * the votes themselves still cross the lossy, delaying network.
     */
    @Override
    void gossip() {
        if (!up) {
            return;
        }
        sim.network.broadcast(index, new StatusMsg(currentHeight()));
        if (decidedCurrent()) {
            return;
        }
        List<Vote> all = dc.core().votes().allVotes();
        List<Vote> own = dc.core().ownVotes();
        for (int to = 0; to < sim.size(); to++) {
            if (to == index) {
                continue;
            }
            if (sim.node(to) instanceof HonestNode peer) {
                if (!peer.up || peer.currentHeight() != currentHeight()) {
                    continue;
                }
                for (Vote v : all) {
                    if (!peer.hasVote(v)) {
                        sim.network.send(index, to, new VoteMsg(v));
                    }
                }
            } else {
                for (Vote v : own) {
                    sim.network.send(index, to, new VoteMsg(v));
                }
            }
        }
        for (ProposalMsg p : proposals) {
            sim.network.broadcast(index, p);
        }
    }

    private boolean hasVote(Vote v) {
        return up && !decidedCurrent() && alreadyHave(v);
    }

    // ------------------------------------------------------------------ core I/O

    private List<Output> apply(Input input) {
        if (sim.tracing()) {
            sim.trace(index, "in  " + sim.describe.input(input));
        }
        try {
            return dc.apply(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void process(List<Output> first) {
        ArrayDeque<Output> queue = new ArrayDeque<>(first);
        while (!queue.isEmpty() && up) {
            Output o = queue.poll();
            if (sim.tracing()) {
                sim.trace(index, "out " + sim.describe.output(o));
            }
            switch (o) {
                case Output.BroadcastProposal bp -> {
                    byte[] sig;
                    try {
                        sig = pv.signProposal(bp);
                    } catch (DoubleSignRefusedException e) {
                        sim.guardRefusals++;
                        sim.trace(index, "guard: " + e.getMessage());
                        continue;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    sim.checker.onSigned(index, bp.height(), bp.round(), 0, bp.valueId());
                    ProposalMsg p = new ProposalMsg(bp.height(), bp.round(), bp.polRound(), bp.valueId(), address,
                            ByteString.copyFrom(sig));
                    proposals.add(p);
                    sim.recordProposal(p);
                    sim.registry.markProposed(bp.valueId());
                    sim.network.broadcast(index, p);
                }
                case Output.BroadcastVote bv -> {
                    Vote vote;
                    try {
                        vote = pv.signVote(bv);
                    } catch (DoubleSignRefusedException e) {
                        sim.guardRefusals++;
                        sim.trace(index, "guard: " + e.getMessage());
                        continue;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    sim.checker.onSigned(index, bv.height(), bv.round(), bv.type().getNumber(), bv.valueId());
                    sim.network.broadcast(index, new VoteMsg(vote));
                    queue.addAll(apply(new Input.VoteReceived(vote)));
                }
                case Output.ScheduleTimeout t -> scheduleTimeout(t);
                case Output.RequestValue rv -> {
                    ByteString value = sim.registry.create(sim.random.nextDouble() >= Simulation.HONEST_INVALID_RATE);
                    queue.addAll(apply(new Input.ProposeValue(rv.height(), rv.round(), value)));
                }
                case Output.Decide d -> onDecide(d, queue);
                case Output.Evidence e -> sim.evidence++;
            }
        }
    }

    private void scheduleTimeout(Output.ScheduleTimeout t) {
        int inc = incarnation;
        sim.schedule(t.durationMs(), () -> {
            if (up && inc == incarnation) {
                process(apply(new Input.TimeoutElapsed(t.kind(), t.height(), t.round())));
            }
        });
    }

    private void requestVerdict(long height, ByteString value) {
        if (!verdictRequested.add(value)) {
            return;
        }
        int inc = incarnation;
        boolean valid = sim.registry.isValid(value);
        sim.schedule(1 + sim.random.nextInt(30), () -> {
            if (up && inc == incarnation && currentHeight() == height && !decidedCurrent()) {
                process(apply(new Input.ValueVerdict(height, value, valid)));
            }
        });
    }

    private void onDecide(Output.Decide d, ArrayDeque<Output> queue) {
        Commit commit = Commits.build(d);
        ProposalMsg proposal = null;
        for (ProposalMsg p : proposals) {
            if (p.round() == d.round() && p.valueId().equals(d.valueId())) {
                proposal = p;
            }
        }
        if (proposal == null) {
            proposal = sim.sentProposal(d.height(), d.round(), d.valueId(), core().validators().proposer(d.round()).address());
        }
        if (proposal == null) {
            throw new IllegalStateException("node " + index + " decided without the proposal it decided on");
        }
        try { // a decision must always produce a commit that verifies
            Commits.verify(Simulation.CHAIN, dc.core().validators(), commit, d.height(), d.valueId(), sim.signatures);
        } catch (Rejection e) {
            throw new IllegalStateException("decision of node " + index + " does not make a valid commit: " + e);
        }
        sim.rounds += d.round() + 1;
        finishHeight(d.height(), d.round(), d.valueId(), new CommitMsg(d.height(), proposal, commit, d.precommits()), queue);
    }

    /** The block of {@code height} is committed (by our core's decision or by a synced commit): next height. */
    private void finishHeight(long height, int round, ByteString value, CommitMsg commit, ArrayDeque<Output> queue) {
        sim.checker.onDecide(index, height, value, sim.now());
        commits.put(height, commit);
        decidedHeight = height;
        sim.trace(index, "DECIDED h=" + height + " r=" + round + " " + Checker.short8(value));
        proposals.clear();
        verdictRequested.clear();
        if (height >= sim.config.heights()) {
            sim.nodeFinished();
            return;
        }
        long next = height + 1;
        queue.addAll(apply(new Input.NewHeight(next, sim.validatorsAt(next))));
        List<Object[]> buffered = future.remove(next);
        future.headMap(next).clear();
        if (buffered != null) {
            int inc = incarnation;
            sim.schedule(0, () -> {
                for (Object[] e : buffered) {
                    if (up && inc == incarnation) {
                        receive((Integer) e[0], (SimMessage) e[1]);
                    }
                }
            });
        }
    }

    static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: temp dir
        }
    }
}
