package org.wishledger.node;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.SystemNanoClock;
import org.wishledger.consensus.ValidatorSchedule;
import org.wishledger.consensus.Validators;
import org.wishledger.consensus.driver.ConsensusDriver;
import org.wishledger.consensus.driver.DriverConfig;
import org.wishledger.consensus.driver.Effect;
import org.wishledger.consensus.driver.Event;
import org.wishledger.consensus.privval.PrivValidator;
import org.wishledger.consensus.wal.DurableConsensus;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Proposal;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.node.AgentEvent.BlockVerdictReady;
import org.wishledger.node.AgentEvent.PeerJoined;
import org.wishledger.node.AgentEvent.SyncedBlock;
import org.wishledger.node.AgentEvent.VerifiedProposal;
import org.wishledger.node.AgentEvent.VerifiedVote;
import org.wishledger.node.metrics.NodeMetrics;
import org.wishledger.rules.BlockResult;

/**
 * The consensus thread (an Agrona agent) and the node's interpreter of the {@link ConsensusDriver} — the
 * same driver the simulator certifies. Its duty cycle: fire the driver's timeouts, start the next height
 * after the commit pause, hand over what other threads verified (one bounded inbox), answer getValue()
 * when the {@link ProposalBuilder} has a block. The driver's effects go to collaborators with one job
 * each: {@link ConsensusGossip}, {@link BlockValidation}, {@link ProposalBuilder}, {@link BlockApplier}.
 *
 * <p>Fail-stop: anything thrown on this thread (a WAL or sign-state failure, a decided block that does not
 * apply, a bug) stops the node through {@code onFatal}: a node that cannot run consensus must not keep
 * serving RPC and p2p as if it could vote.
 */
final class ConsensusAgent implements Agent, Consumer<Effect<Proposal>> {
    private static final NodeLog LOG = NodeLog.of("consensus");
    private static final int INBOX_CAPACITY = 1 << 16;
    /**
     * How long the idle consensus thread parks before it looks at its clocks again (timeouts, the commit
     * pause, the empty-block wait); an event wakes it at once ({@link #wake}). Why not spin and yield
     * first, as Agrona's backoff does: measured at 1,000 wishes/s on a 4-node testnet on 2 cores, the
     * consensus threads took 5.4% of a core each, half of it in the kernel (sched_yield and short parks,
     * re-armed by every vote), CPU the verification lanes of the other nodes needed; the 1 ms a
     * spin saves is nothing next to the 100 ms commit pause.
     */
    static final long IDLE_PARK_NANOS = 2_000_000;

    /** Timing knobs of the host, not of the algorithm (those are the core's Timeouts). */
    record Pacing(long commitPauseMs, long emptyBlockWaitMs) {
    }

    private final ConsensusDriver<Proposal> driver;
    private final LedgerStore store;
    private final NodeMetrics metrics;
    private final Pacing pacing;
    private final Consumer<Throwable> onFatal;
    private final ConsensusGossip gossip;
    private final BlockValidation validation;
    private final ProposalBuilder builder;
    private final BlockApplier applier;
    private final ManyToOneConcurrentArrayQueue<AgentEvent> inbox = new ManyToOneConcurrentArrayQueue<>(INBOX_CAPACITY);

    /** The consensus thread once it runs (set in onStart), so other threads can wake it from its park. */
    private volatile Thread thread;
    private long nextHeightAtNanos = -1;
    private volatile int lastRound = -1; // written by this thread only; read by RPC
    /** Peers decided a height this node has not (the driver's {@code behindPeers}); read by the sync watch. */
    private volatile boolean behindPeers;
    private volatile boolean fatal;

    ConsensusAgent(DurableConsensus consensus, PrivValidator privValidator, LedgerStore store,
                   org.wishledger.rules.Rules rules, Mempool mempool, ConsensusGossip gossip,
                   java.util.concurrent.Executor validationExecutor, CommitListener commitListener,
                   NodeMetrics metrics, Pacing pacing, Consumer<Throwable> onFatal) {
        this.store = store;
        this.metrics = metrics;
        this.pacing = pacing;
        this.onFatal = onFatal;
        this.gossip = gossip;
        this.validation = new BlockValidation(store, rules, mempool, validationExecutor, this::post);
        this.builder = new ProposalBuilder(store, rules, mempool, privValidator.address(), pacing.emptyBlockWaitMs());
        this.applier = new BlockApplier(store, rules, mempool, commitListener, metrics);
        this.driver = new ConsensusDriver<>(consensus, privValidator, ProposalWire.INSTANCE,
                new ValidatorSchedule(Validators.fromProto(rules.validators())), DriverConfig.DEFAULT,
                SystemNanoClock.INSTANCE, this);
    }

    // ------------------------------------------------------------------ other threads

    /** Hands a verified network event to the consensus thread; false if the inbox is full (dropped). */
    boolean offer(AgentEvent event) {
        if (!inbox.offer(event)) {
            return false;
        }
        wake();
        return true;
    }

    /** Hands an event that must not be lost (a verdict, a synced block); waits for room if needed. */
    void post(AgentEvent event) {
        while (!inbox.offer(event)) {
            if (fatal) {
                return;
            }
            Thread.onSpinWait();
        }
        wake();
    }

    /**
     * Ends the consensus thread's idle park early: the thread sleeps up to {@link #IDLE_PARK_NANOS} when it
     * has nothing to do, and an event that arrives meanwhile should not wait for that.
     */
    private void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    int round() {
        return lastRound;
    }

    /** True while peers have decided a height that this node has not and gossip is not bringing it. */
    boolean behindPeers() {
        return behindPeers;
    }

    // ------------------------------------------------------------------ the duty cycle

    @Override
    public String roleName() {
        return "consensus";
    }

    @Override
    public void onStart() {
        thread = Thread.currentThread();
        try {
            long next = store.height() + 1;
            if (driver.start(next)) {
                LOG.info("resumed height from the consensus WAL", "height", next, "round", driver.core().round());
            }
            afterDriver();
        } catch (RuntimeException e) {
            stop(e);
        }
    }

    @Override
    public int doWork() {
        if (fatal) {
            return 0;
        }
        try {
            long now = System.nanoTime();
            int work = driver.tick();
            if (nextHeightAtNanos >= 0 && now >= nextHeightAtNanos) {
                nextHeightAtNanos = -1;
                driver.handle(new Event.HeightStart<>(store.height() + 1));
                work++;
            }
            work += inbox.drain(this::onEvent, 4096);
            Event.ProposalBuilt<Proposal> built = builder.poll(now, driver.height(), driver.core().round());
            if (built != null) {
                driver.handle(built);
                work++;
            }
            afterDriver();
            return work;
        } catch (RuntimeException e) {
            stop(e);
            return 0;
        }
    }

    private void stop(RuntimeException e) {
        fatal = true;
        onFatal.accept(e);
    }

    private void afterDriver() {
        // Not while waiting out the commit timeout: the next height is about to start by itself.
        boolean behind = nextHeightAtNanos < 0 && driver.behindPeers();
        if (behind != behindPeers) {
            behindPeers = behind;
        }
        int round = driver.core().round();
        if (round != lastRound) {
            lastRound = round;
            metrics.round.set(round);
            metrics.roundsStarted.increment();
        }
    }

    private void onEvent(AgentEvent event) {
        switch (event) {
            case VerifiedVote v -> driver.handle(new Event.VoteArrived<>(v.vote()));
            case VerifiedProposal p -> driver.handle(new Event.ProposalArrived<>(p.proposal(), p.blockId()));
            case BlockVerdictReady v -> {
                if (!v.valid()) {
                    LOG.warn("proposed block is invalid; prevoting nil", "height", v.height(),
                            "block", Hex.encode(v.blockId().toByteArray()), "reason", v.reason());
                }
                driver.handle(new Event.Verdict<>(v.height(), v.blockId(), v.valid()));
            }
            case SyncedBlock s -> onSyncedBlock(s);
            case PeerJoined j -> driver.handle(new Event.PeerJoined<>(j.peer()));
        }
    }

    private void onSyncedBlock(SyncedBlock s) {
        long height = s.block().getHeader().getHeight();
        if (height != store.height() + 1) {
            s.applied().completeExceptionally(new IllegalStateException(
                    "synced block " + height + " is not the next height " + (store.height() + 1)));
            return;
        }
        BlockResult result;
        try {
            result = applier.apply(s.block(), s.commit(), -1);
        } catch (Rejection r) {
            s.applied().completeExceptionally(r);
            return;
        }
        s.applied().complete(result);
        nextHeightAtNanos = -1;
        driver.handle(new Event.HeightStart<>(height + 1));
    }

    // ------------------------------------------------------------------ the driver's effects

    @Override
    public void accept(Effect<Proposal> effect) {
        switch (effect) {
            case Effect.PublishVote<Proposal> e -> gossip.publishVote(e.vote());
            case Effect.PublishProposal<Proposal> e -> {
                gossip.publishProposal(e.proposal());
                LOG.info("proposed", "height", e.proposal().getHeight(), "round", e.proposal().getRound(),
                        "txs", e.proposal().getBlock().getTxsCount());
            }
            case Effect.RelayVote<Proposal> e -> gossip.relayVote(e.vote(), e.peer());
            case Effect.RelayProposal<Proposal> e -> gossip.relayProposal(e.proposal(), e.peer());
            case Effect.ValidateBlock<Proposal> e -> validation.validate(e.height(), e.blockId(), e.proposal().getBlock());
            case Effect.BuildProposal<Proposal> e -> builder.request(e.height(), e.round(), System.nanoTime());
            case Effect.CommitBlock<Proposal> e -> commit(e);
            case Effect.StoreEvidence<Proposal> e -> {
                LOG.warn("equivocation detected; storing evidence", "height", e.evidence().getVoteA().getHeight(),
                        "validator", Hex.encode(e.evidence().getVoteA().getValidator().toByteArray()));
                store.addEvidence(e.evidence());
                metrics.evidenceStored.increment();
            }
            case Effect.WakeAt<Proposal> e -> {
                // this thread ticks the driver every duty cycle
            }
            case Effect.SignRefused<Proposal> e -> {
                if (!e.replaying()) {
                    LOG.warn("sign guard refused a signature", "reason", e.reason());
                }
            }
            case Effect.CannotPropose<Proposal> e ->
                    LOG.warn("cannot re-propose a block this node no longer holds", "height", e.height(), "round", e.round());
        }
    }

    private void commit(Effect.CommitBlock<Proposal> decided) {
        if (decided.height() <= store.height()) {
            return; // block sync stored it first
        }
        if (decided.proposal() == null) {
            LOG.warn("decided a block this node does not hold; block sync will fetch it", "height", decided.height());
            return;
        }
        try {
            applier.apply(decided.proposal().getBlock(), decided.commit(), decided.round());
        } catch (Rejection r) {
            throw new IllegalStateException("the decided block " + decided.height() + " does not apply: " + r
                    + " (the local state diverges from the network; run `wishledger chain verify`)", r);
        }
        nextHeightAtNanos = System.nanoTime() + pacing.commitPauseMs() * 1_000_000L;
    }
}
