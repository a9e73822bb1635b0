package org.wishledger.consensus.driver;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.agrona.concurrent.NanoClock;
import org.wishledger.consensus.ConsensusCore;
import org.wishledger.consensus.Input;
import org.wishledger.consensus.Output;
import org.wishledger.consensus.Step;
import org.wishledger.consensus.Validator;
import org.wishledger.consensus.Validators;
import org.wishledger.consensus.VoteKeeper;
import org.wishledger.consensus.VoteTally;
import org.wishledger.consensus.commit.Commits;
import org.wishledger.consensus.privval.DoubleSignRefusedException;
import org.wishledger.consensus.privval.PrivValidator;
import org.wishledger.consensus.wal.BlockRecord;
import org.wishledger.consensus.wal.DurableConsensus;
import org.wishledger.ledger.proto.Vote;

/**
 * Everything a validator does around Algorithm 1 except I/O, as one clock-free state machine that the
 * node and the simulator both run (so the simulator's runs certify the node's code): it owns the
 * {@link ConsensusCore} behind its WAL, the {@link PrivValidator} sign guard, the block cache, the
 * future-height buffer, the verdict bookkeeping, the WAL replay after a restart, the core's timeouts and
 * the re-gossip policy. The host feeds {@link Event}s and calls {@link #tick()}; the driver answers
 * with {@link Effect}s handed to the host's sink in the order they must be carried out.
 *
 * <p>Everything goes through ONE internal FIFO: an event, a core output, the feedback of an own signed
 * vote. An item is handled completely before the next, and whatever it causes joins the tail, so nested
 * outputs are processed breadth-first and a sink that calls {@link #handle} again only queues. The shape
 * follows malachite's core-consensus (inputs in, effects out, the host performs them) with a plain FIFO in
 * place of its coroutines: the only answers that take time (validation, block building) come back later
 * as events anyway.
 *
 * <p>Not thread-safe: one thread (the node's consensus agent, the simulator's event loop) owns it.
 *
 * @param <P> the host's signed-proposal message (it carries the block)
 */
public final class ConsensusDriver<P> {
    /** Sees every core input and output (the simulator's trace); no-op by default. */
    public interface Observer {
        default void onInput(Input input) {
        }

        default void onOutput(Output output) {
        }
    }

    private static final Object REPLAY_DONE = new Object();
    private static final Observer SILENT = new Observer() {
    };

    private final DurableConsensus consensus;
    private final ConsensusCore core;
    private final PrivValidator signer;
    private final ProposalFormat<P> format;
    private final LongFunction<Validators> validators;
    private final DriverConfig config;
    private final NanoClock clock;
    private final Consumer<Effect<P>> effects;
    private final ByteString self;

    private final ArrayDeque<Object> fifo = new ArrayDeque<>();
    private final TimeoutTimers timers;
    private final FutureHeightBuffer<P> future;
    private final HeightProposals<P> proposals;
    private final Consumer<Input.TimeoutElapsed> onTimeout = fifo::add;
    private Observer observer = SILENT;
    private boolean draining;
    private boolean replaying;
    private long lastHeightChangeNanos;
    private long lastRegossipNanos;
    private final List<Effect.ValidateBlock<P>> revalidate = new ArrayList<>(); // after a replay

    /**
     * @param consensus  the core behind its WAL (fresh: {@link #start} replays the WAL into it)
     * @param signer     the sign guard; every signature of this validator goes through it
     * @param format     reads and makes the host's proposal messages
     * @param validators the validator set of a height
     * @param config     bounds and re-gossip pacing
     * @param clock      monotonic time for the timeouts and the re-gossip (the simulator's is simulated)
     * @param effects    the host's effect interpreter
     */
    public ConsensusDriver(DurableConsensus consensus, PrivValidator signer, ProposalFormat<P> format,
                           LongFunction<Validators> validators, DriverConfig config, NanoClock clock,
                           Consumer<Effect<P>> effects) {
        this.consensus = consensus;
        this.core = consensus.core();
        this.signer = signer;
        this.format = format;
        this.validators = validators;
        this.config = config;
        this.clock = clock;
        this.effects = effects;
        this.self = signer.address();
        this.timers = new TimeoutTimers(clock.nanoTime());
        this.future = new FutureHeightBuffer<>(config.futureHeights(), config.maxFutureEvents());
        this.proposals = new HeightProposals<>(config.maxProposalsPerHeight());
    }

    public void observe(Observer observer) {
        this.observer = observer == null ? SILENT : observer;
    }

    // ------------------------------------------------------------------ host API

    /**
     * Starts at {@code height} (the host's block store holds everything below it). If the WAL has that
     * height, it is replayed: the core is back where it signed last, the guard lets through only a resend
     * of the very last signed message, timeouts are re-armed and this validator's votes re-gossiped.
     *
     * @return true if the height was resumed from the WAL
     */
    public boolean start(long height) {
        long now = clock.nanoTime();
        lastHeightChangeNanos = now;
        lastRegossipNanos = now;
        DurableConsensus.Replay replay;
        try {
            replay = consensus.replay(height);
        } catch (IOException e) {
            throw new ConsensusHaltedException("cannot read the consensus WAL " + consensus.wal().currentFile() + ": "
                    + e.getMessage() + " (move the WAL directory aside to start the height afresh; the sign state "
                    + "still prevents a double sign)", e);
        }
        boolean resumed = !replay.isEmpty() && core.height() == height;
        if (resumed) {
            restoreBlocks(replay);
            replaying = true;
            for (Input in : replay.inputs()) {
                observer.onInput(in);
            }
            fifo.addAll(replay.outputs());
            fifo.add(REPLAY_DONE);
        } else {
            apply(new Input.NewHeight(height, validators.apply(height)));
        }
        drain();
        return resumed;
    }

    /** The replayed height's blocks back in the cache; those logged without a verdict are validated again. */
    private void restoreBlocks(DurableConsensus.Replay replay) {
        List<ByteString> unjudged = replay.proposalsWithoutVerdict();
        for (BlockRecord b : replay.blocks()) {
            P p;
            try {
                p = format.decode(b.payload());
            } catch (IOException e) {
                throw new ConsensusHaltedException("cannot decode a block in the consensus WAL "
                        + consensus.wal().currentFile() + ": " + e.getMessage()
                        + " (move the WAL directory aside to start the height afresh)", e);
            }
            if (b.built()) {
                proposals.addBuilt(b.blockId(), p);
            } else if (proposals.add(p, format.round(p), b.blockId(), format.proposer(p))
                    && proposals.askValidation(b.blockId()) && unjudged.contains(b.blockId())) {
                revalidate.add(new Effect.ValidateBlock<>(b.height(), b.blockId(), p));
            }
        }
    }

    /** Keeps a block of this height in the WAL (forced with the next signature): see {@link BlockRecord}. */
    private void logBlock(long height, ByteString blockId, boolean built, P proposal) {
        try {
            consensus.wal().append(new BlockRecord(height, blockId, built, format.encode(proposal)));
        } catch (IOException e) {
            throw walFailure(e);
        }
    }

    /** Handles one event and everything it causes (unless called from the sink: then it only queues). */
    public void handle(Event<P> event) {
        fifo.add(event);
        drain();
    }

    /** Fires the timeouts that are due and re-gossips a stalled height; returns the work done. */
    public int tick() {
        long now = clock.nanoTime();
        int work = timers.fireDue(now, onTimeout);
        if (core.votes() != null && now - lastRegossipNanos >= config.regossipNanos()
                && now - lastHeightChangeNanos >= config.regossipNanos()) {
            lastRegossipNanos = now;
            relayHeight(null);
            work++;
        }
        drain();
        return work;
    }

    public ConsensusCore core() {
        return core;
    }

    public long height() {
        return core.height();
    }

    /** Timeouts scheduled and not yet fired (stale ones included: the core ignores them). */
    public int pendingTimers() {
        return timers.size();
    }

    /** Messages held for future heights. */
    public int bufferedFutureMessages() {
        return future.size();
    }

    /**
     * True when this process holds votes of a later height from more than one third of the power (so at
     * least one honest validator is there) while its own height has made no progress for the re-gossip
     * interval: peers decided a height that this process has not, and gossip will not bring it (peers
     * re-gossip the height THEY are stuck at, not the one they decided). The host then fetches the decided
     * block by block sync. Measured: a validator whose apply stalled 0.8 s fell three heights behind and
     * waited 4 s, costing the chain a round (docs/benchmarks.md, "A lagging validator").
     */
    public boolean behindPeers() {
        if (future.size() == 0 || clock.nanoTime() - lastHeightChangeNanos < config.regossipNanos()) {
            return false;
        }
        Validators set = core.validators();
        if (set == null) {
            return false;
        }
        long power = 0;
        for (ByteString address : future.voteSenders()) {
            Validator v = set.byAddress(address);
            if (v != null) {
                power += v.power();
            }
        }
        return set.isOneThird(power);
    }

    // ------------------------------------------------------------------ the FIFO

    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            Object item;
            while ((item = fifo.poll()) != null) {
                switch (item) {
                    case Event<?> e -> {
                        @SuppressWarnings("unchecked")
                        Event<P> event = (Event<P>) e;
                        onEvent(event);
                    }
                    case Input in -> apply(in);
                    case Output out -> interpret(out);
                    default -> endReplay();
                }
            }
        } finally {
            draining = false;
        }
    }

    /** Logs the input, applies it, queues its outputs (the WAL is forced before any output that signs). */
    private void apply(Input input) {
        observer.onInput(input);
        List<Output> outputs;
        try {
            outputs = consensus.apply(input);
        } catch (IOException e) {
            throw walFailure(e);
        }
        fifo.addAll(outputs);
    }

    private ConsensusHaltedException walFailure(IOException e) {
        return new ConsensusHaltedException("cannot write the consensus WAL " + consensus.wal().currentFile() + ": "
                + e.getMessage() + " (disk full or read-only? stopping rather than risk a double sign)", e);
    }

    // ------------------------------------------------------------------ events

    private void onEvent(Event<P> event) {
        switch (event) {
            case Event.VoteArrived<P> v -> onVote(v);
            case Event.ProposalArrived<P> p -> onProposal(p);
            case Event.Verdict<P> v -> {
                if (v.height() == core.height()) {
                    apply(new Input.ValueVerdict(v.height(), v.blockId(), v.valid()));
                }
            }
            case Event.ProposalBuilt<P> b -> {
                // L18 answered; a late answer (the round moved on) is dropped here and by the core alike
                if (b.height() == core.height() && b.round() == core.round()) {
                    proposals.addBuilt(b.blockId(), b.unsigned());
                    logBlock(b.height(), b.blockId(), true, b.unsigned());
                    apply(new Input.ProposeValue(b.height(), b.round(), b.blockId()));
                }
            }
            case Event.HeightStart<P> h -> startHeight(h.height());
            case Event.PeerJoined<P> j -> relayHeight(j.peer());
        }
    }

    private void onVote(Event.VoteArrived<P> event) {
        Vote vote = event.vote();
        long height = core.height();
        if (vote.getHeight() > height) {
            future.offer(height, vote.getHeight(), event);
        } else if (vote.getHeight() == height && !alreadyCounted(vote)) {
            // votes of a decided height still count: a late conflicting vote is evidence
            apply(new Input.VoteReceived(vote));
        }
    }

    private void onProposal(Event.ProposalArrived<P> event) {
        P p = event.proposal();
        long height = core.height();
        long h = format.height(p);
        if (h > height) {
            future.offer(height, h, event);
            return;
        }
        if (h < height || core.step() == Step.COMMIT) {
            return;
        }
        int round = format.round(p);
        ByteString proposer = format.proposer(p);
        if (!proposals.add(p, round, event.blockId(), proposer)) {
            return; // known (gossip repeats it) or a flood
        }
        logBlock(h, event.blockId(), false, p);
        apply(new Input.ProposalReceived(h, round, format.polRound(p), event.blockId(), proposer));
        if (proposals.askValidation(event.blockId())) {
            effects.accept(new Effect.ValidateBlock<>(h, event.blockId(), p));
        }
    }

    /** L10/L54 after the host stored the previous block: NewHeight, then what was held for this height. */
    private void startHeight(long height) {
        if (height <= core.height()) {
            return;
        }
        proposals.clear();
        lastHeightChangeNanos = clock.nanoTime();
        apply(new Input.NewHeight(height, validators.apply(height)));
        fifo.addAll(future.release(height));
    }

    /** Gossip repairs loss: this height's proposals and every vote held, not only own ones (see docs). */
    private void relayHeight(Object peer) {
        VoteKeeper votes = core.votes();
        if (votes == null) {
            return;
        }
        proposals.forEachSigned(p -> effects.accept(new Effect.RelayProposal<>(p, peer)));
        for (Vote vote : votes.allVotes()) {
            effects.accept(new Effect.RelayVote<>(vote, peer));
        }
    }

    /** Gossip repeats votes; the core would only call them duplicates, but each would cost a WAL record. */
    private boolean alreadyCounted(Vote vote) {
        VoteKeeper votes = core.votes();
        VoteTally tally = votes == null ? null : votes.tally(vote.getRound(), vote.getType());
        if (tally == null) {
            return false;
        }
        int index = core.validators().indexOf(vote.getValidator());
        return index >= 0 && tally.contains(index, vote);
    }

    // ------------------------------------------------------------------ core outputs

    private void interpret(Output output) {
        observer.onOutput(output);
        switch (output) {
            case Output.BroadcastVote o -> signVote(o);
            case Output.BroadcastProposal o -> signProposal(o);
            case Output.ScheduleTimeout o -> {
                long deadline = clock.nanoTime() + o.durationMs() * 1_000_000L;
                timers.schedule(deadline, new Input.TimeoutElapsed(o.kind(), o.height(), o.round()));
                effects.accept(new Effect.WakeAt<>(deadline));
            }
            case Output.RequestValue o -> {
                if (!replaying) { // a replayed request is answered after the replay, if still open
                    effects.accept(new Effect.BuildProposal<>(o.height(), o.round()));
                }
            }
            case Output.Decide o -> effects.accept(new Effect.CommitBlock<>(o.height(), o.round(), o.valueId(),
                    proposals.decided(o.round(), o.valueId()), Commits.build(o), o.precommits()));
            case Output.Evidence o -> {
                if (!replaying) { // stored when first seen
                    effects.accept(new Effect.StoreEvidence<>(o.evidence()));
                }
            }
        }
    }

    private void signVote(Output.BroadcastVote intent) {
        Vote vote;
        try {
            vote = signer.signVote(intent);
        } catch (DoubleSignRefusedException e) {
            effects.accept(new Effect.SignRefused<>(e.getMessage(), replaying));
            return;
        } catch (IOException e) {
            throw signStateFailure(e);
        }
        effects.accept(new Effect.PublishVote<>(vote));
        // An own vote counts only once fed back (the core's contract), after the outputs already queued.
        // After a restart the guard lets through only an identical resend, and its feedback may be exactly
        // what the crash cut from the WAL.
        if (!alreadyCounted(vote)) {
            fifo.add(new Input.VoteReceived(vote));
        }
    }

    private void signProposal(Output.BroadcastProposal intent) {
        P template = proposals.carrierOf(intent.valueId());
        if (template == null) { // re-proposing (L16) a block not held any more (only after a restart)
            effects.accept(new Effect.CannotPropose<>(intent.height(), intent.round()));
            return;
        }
        byte[] signature;
        try {
            signature = signer.signProposal(intent);
        } catch (DoubleSignRefusedException e) {
            effects.accept(new Effect.SignRefused<>(e.getMessage(), replaying));
            return;
        } catch (IOException e) {
            throw signStateFailure(e);
        }
        P signed = format.signed(template, intent, self, ByteString.copyFrom(signature));
        proposals.add(signed, intent.round(), intent.valueId(), self);
        effects.accept(new Effect.PublishProposal<>(signed));
    }

    /** After the replayed outputs: the height's own votes to everyone, and getValue() if it is still open. */
    private void endReplay() {
        replaying = false;
        revalidate.forEach(effects);
        revalidate.clear();
        for (Vote own : core.ownVotes()) {
            effects.accept(new Effect.RelayVote<>(own, null));
        }
        if (core.awaitingValue()) {
            effects.accept(new Effect.BuildProposal<>(core.height(), core.round()));
        }
    }

    private static ConsensusHaltedException signStateFailure(IOException e) {
        return new ConsensusHaltedException("cannot persist the sign state: " + e.getMessage()
                + " (stopping: signing without a durable record could double-sign after a restart)", e);
    }
}
