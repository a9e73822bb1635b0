package org.wishledger.node;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.wishledger.consensus.Input;
import org.wishledger.consensus.Input.NewHeight;
import org.wishledger.consensus.Input.ProposalReceived;
import org.wishledger.consensus.Input.ProposeValue;
import org.wishledger.consensus.Input.TimeoutElapsed;
import org.wishledger.consensus.Input.ValueVerdict;
import org.wishledger.consensus.Input.VoteReceived;
import org.wishledger.consensus.Output;
import org.wishledger.consensus.Step;
import org.wishledger.consensus.Validators;
import org.wishledger.consensus.commit.Commits;
import org.wishledger.consensus.privval.DoubleSignRefusedException;
import org.wishledger.consensus.privval.PrivValidator;
import org.wishledger.consensus.wal.DurableConsensus;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.Proposal;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.p2p.PeerSender;
import org.wishledger.rules.BlockResult;
import org.wishledger.rules.BlockVerdict;
import org.wishledger.rules.CheckedTx;
import org.wishledger.rules.Rules;
import org.wishledger.rules.StoreStateView;
import org.wishledger.node.metrics.NodeMetrics;
import org.wishledger.node.AgentEvent.BlockVerdictReady;
import org.wishledger.node.AgentEvent.PeerJoined;
import org.wishledger.node.AgentEvent.SyncedBlock;
import org.wishledger.node.AgentEvent.VerifiedProposal;
import org.wishledger.node.AgentEvent.VerifiedVote;

/**
 * The consensus thread (an Agrona agent): the only thread that drives the consensus core and the only
 * writer of the ledger store. It turns the core's outputs into effects — signs through the
 * {@link PrivValidator} guard, gossips, schedules timeouts, builds proposals from the mempool, applies
 * decided blocks — and feeds back inputs that other threads verified (votes, proposals, block verdicts,
 * synced blocks) through one bounded inbox.
 *
 * <p>Nothing here blocks on the network: sends go to the peer layer's bounded queues. The ledger's
 * block validation runs on a separate executor and comes back as a {@link BlockVerdictReady}.
 */
final class ConsensusAgent implements Agent {
    private static final NodeLog LOG = NodeLog.of("consensus");
    private static final int INBOX_CAPACITY = 1 << 16;
    private static final int MAX_FUTURE_EVENTS = 20_000;
    private static final int FUTURE_HEIGHT_WINDOW = 2;
    private static final int MAX_BLOCKS_PER_HEIGHT = 32;
    private static final long REGOSSIP_NANOS = 1_000_000_000L;
    /**
     * Txs per proposal, below the chain's 10,000 limit: every validator must receive and validate a
     * proposal within the propose timeout, and on a small machine under load a smaller block that commits
     * every few hundred milliseconds moves more txs than a huge one that times out and costs a round.
     */
    static final int MAX_PROPOSAL_TXS = 2_000;

    /** Timing knobs of the host, not of the algorithm (those are the core's Timeouts). */
    record Pacing(long commitPauseMs, long emptyBlockWaitMs) {
    }

    private final DurableConsensus consensus;
    private final PrivValidator privValidator;
    private final LedgerStore store;
    private final Rules rules;
    private final Mempool mempool;
    private final PeerSender peers;
    private final Executor validationExecutor;
    private final CommitListener commitListener;
    private final NodeMetrics metrics;
    private final Pacing pacing;
    private final Consumer<Throwable> onFatal;
    private final ByteString self;
    private final Validators firstValidators;

    private final ManyToOneConcurrentArrayQueue<AgentEvent> inbox = new ManyToOneConcurrentArrayQueue<>(INBOX_CAPACITY);
    private final TimeoutQueue timeouts = new TimeoutQueue();
    private final Map<ByteString, Block> blocks = new HashMap<>();
    private final Set<ByteString> verdictRequested = new HashSet<>();
    private final TreeMap<Long, List<AgentEvent>> future = new TreeMap<>();
    private int futureEvents;

    private Validators validators;
    private long validatorsHeight;
    private Proposal currentProposal;
    private PendingValue pendingValue;
    private long nextHeightAtNanos = -1;
    private long lastHeightChangeNanos;
    private long lastRegossipNanos;
    private long lastCommitNanos;
    private volatile int lastRound = -1; // written by this thread only; read by RPC
    private boolean replaying;
    private volatile boolean fatal;

    private record PendingValue(long height, int round, long deadlineNanos) {
    }

    ConsensusAgent(DurableConsensus consensus, PrivValidator privValidator, LedgerStore store, Rules rules,
            Mempool mempool, PeerSender peers, Executor validationExecutor, CommitListener commitListener,
            NodeMetrics metrics, Pacing pacing, Consumer<Throwable> onFatal) {
        this.consensus = consensus;
        this.privValidator = privValidator;
        this.store = store;
        this.rules = rules;
        this.mempool = mempool;
        this.peers = peers;
        this.validationExecutor = validationExecutor;
        this.commitListener = commitListener;
        this.metrics = metrics;
        this.pacing = pacing;
        this.onFatal = onFatal;
        this.self = privValidator.address();
        this.firstValidators = Validators.fromProto(rules.validators());
    }

    // ------------------------------------------------------------------ other threads

    /** Hands a verified network event to the consensus thread; false if the inbox is full (dropped). */
    boolean offer(AgentEvent event) {
        return inbox.offer(event);
    }

    /** Hands an event that must not be lost (a verdict, a synced block); waits for room if needed. */
    void post(AgentEvent event) {
        while (!inbox.offer(event)) {
            if (fatal) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    int round() {
        return lastRound;
    }

    // ------------------------------------------------------------------ the agent

    @Override
    public String roleName() {
        return "consensus";
    }

    @Override
    public void onStart() {
        long next = store.height() + 1;
        try {
            replaying = true;
            DurableConsensus.Replay replay = consensus.replay(next);
            List<Output> replayed = replay.outputs();
            replaying = false;
            if (!replay.isEmpty() && consensus.core().height() == next) {
                LOG.info("resumed height from the consensus WAL", "height", next, "round", consensus.core().round(),
                        "outputs", replayed.size());
                validators = consensus.core().validators();
                validatorsHeight = next;
                handleReplayed(replayed);
                for (Vote own : consensus.core().ownVotes()) {
                    peers.broadcast(PeerMessage.newBuilder().setVote(own).build());
                }
            } else {
                startHeight(next);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the consensus WAL in " + consensus.wal().currentFile()
                    + ": " + e.getMessage() + " (if it is corrupt beyond its last record, move it aside)", e);
        } finally {
            replaying = false;
        }
        lastHeightChangeNanos = System.nanoTime();
    }

    @Override
    public int doWork() {
        if (fatal) {
            return 0;
        }
        try {
            long now = System.nanoTime();
            int work = timeouts.fireDue(now, this::feed);
            if (nextHeightAtNanos >= 0 && now >= nextHeightAtNanos) {
                nextHeightAtNanos = -1;
                startHeight(store.height() + 1);
                work++;
            }
            work += inbox.drain(this::onEvent, 4096);
            if (pendingValue != null) {
                work += proposeIfReady(now);
            }
            if (now - lastRegossipNanos > REGOSSIP_NANOS && now - lastHeightChangeNanos > REGOSSIP_NANOS) {
                regossip();
                lastRegossipNanos = now;
            }
            return work;
        } catch (FatalNodeError e) {
            fatal = true;
            onFatal.accept(e);
            return 0;
        }
    }

    // ------------------------------------------------------------------ inputs

    private void onEvent(AgentEvent event) {
        switch (event) {
            case VerifiedVote v -> onVote(v.vote());
            case VerifiedProposal p -> onProposal(p);
            case BlockVerdictReady v -> {
                if (!v.valid()) {
                    LOG.warn("proposed block is invalid; prevoting nil", "height", v.height(),
                            "block", Hex.encode(v.blockId().toByteArray()), "reason", v.reason());
                }
                feed(new ValueVerdict(v.height(), v.blockId(), v.valid()));
            }
            case SyncedBlock s -> onSyncedBlock(s);
            case PeerJoined j -> {
                if (currentProposal != null) {
                    peers.send(j.peer(), PeerMessage.newBuilder().setProposal(currentProposal).build());
                }
                if (consensus.core().votes() != null) {
                    for (Vote vote : consensus.core().votes().allVotes()) {
                        peers.send(j.peer(), PeerMessage.newBuilder().setVote(vote).build());
                    }
                }
            }
        }
    }

    private void onVote(Vote vote) {
        long height = consensus.core().height();
        if (vote.getHeight() > height) {
            deferToHeight(vote.getHeight(), new VerifiedVote(vote));
        } else if (vote.getHeight() == height) {
            feed(new VoteReceived(vote));
        }
    }

    private void onProposal(VerifiedProposal p) {
        Proposal proposal = p.proposal();
        long height = consensus.core().height();
        if (proposal.getHeight() > height || (proposal.getHeight() == height + 1 && isCommitted())) {
            deferToHeight(proposal.getHeight(), p);
            return;
        }
        if (proposal.getHeight() < height || isCommitted()) {
            return;
        }
        if (!blocks.containsKey(p.blockId())) {
            if (blocks.size() >= MAX_BLOCKS_PER_HEIGHT) {
                return; // a Byzantine proposer flooding values; the core also caps values per round
            }
            blocks.put(p.blockId(), proposal.getBlock());
        }
        if (currentProposal == null || proposal.getRound() >= currentProposal.getRound()) {
            currentProposal = proposal;
        }
        feed(new ProposalReceived(proposal.getHeight(), proposal.getRound(), proposal.getPolRound(), p.blockId(),
                proposal.getProposer()));
        requestVerdict(proposal.getHeight(), p.blockId(), proposal.getBlock());
    }

    /** valid(v) of the paper, computed off this thread: the ledger re-checks every tx and the header. */
    private void requestVerdict(long height, ByteString blockId, Block block) {
        if (!verdictRequested.add(blockId)) {
            return;
        }
        validationExecutor.execute(() -> {
            BlockVerdict verdict;
            long started = System.nanoTime();
            try {
                verdict = rules.validateBlock(store, block, mempool);
                if (block.getTxsCount() > 0) {
                    LOG.info("validated proposal", "height", height, "txs", block.getTxsCount(),
                            "ms", (System.nanoTime() - started) / 1_000_000);
                }
            } catch (RuntimeException e) {
                LOG.error("block validation failed unexpectedly", e, "height", height);
                verdict = new BlockVerdict(false, org.wishledger.ledger.proto.ErrorCode.INTERNAL, e.toString(), -1);
            }
            post(new BlockVerdictReady(height, blockId, verdict.valid(), verdict.message()));
        });
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
            result = rules.applyBlock(store, s.block(), s.commit(), mempool);
        } catch (Rejection r) {
            s.applied().completeExceptionally(r);
            return;
        }
        afterCommit(s.block(), result, -1);
        s.applied().complete(result);
        if (consensus.core().height() <= height) {
            nextHeightAtNanos = -1;
            startHeight(height + 1);
        }
    }

    private void deferToHeight(long height, AgentEvent event) {
        if (height > consensus.core().height() + FUTURE_HEIGHT_WINDOW || futureEvents >= MAX_FUTURE_EVENTS) {
            return;
        }
        future.computeIfAbsent(height, h -> new ArrayList<>()).add(event);
        futureEvents++;
    }

    private boolean isCommitted() {
        return consensus.core().step() == Step.COMMIT;
    }

    // ------------------------------------------------------------------ the core and its outputs

    private void feed(Input input) {
        List<Output> outputs;
        try {
            outputs = consensus.apply(input);
        } catch (IOException e) {
            throw new FatalNodeError("cannot write the consensus WAL: " + e.getMessage()
                    + " (disk full or read-only? the node stops rather than risk a double sign)", e);
        }
        int round = consensus.core().round();
        if (round != lastRound) {
            lastRound = round;
            metrics.round.set(round);
            metrics.roundsStarted.increment();
        }
        for (Output output : outputs) {
            handle(output);
        }
    }

    private void handle(Output output) {
        switch (output) {
            case Output.BroadcastVote o -> broadcastVote(o);
            case Output.BroadcastProposal o -> broadcastProposal(o);
            case Output.ScheduleTimeout o ->
                    timeouts.schedule(System.nanoTime(), o.durationMs(), new TimeoutElapsed(o.kind(), o.height(), o.round()));
            case Output.RequestValue o -> pendingValue = new PendingValue(o.height(), o.round(),
                    System.nanoTime() + pacing.emptyBlockWaitMs() * 1_000_000L);
            case Output.Decide o -> decide(o);
            case Output.Evidence o -> {
                LOG.warn("equivocation detected; storing evidence", "height", o.evidence().getVoteA().getHeight(),
                        "validator", Hex.encode(o.evidence().getVoteA().getValidator().toByteArray()));
                store.addEvidence(o.evidence());
                metrics.evidenceStored.increment();
            }
        }
    }

    private void broadcastVote(Output.BroadcastVote o) {
        Vote vote;
        try {
            vote = privValidator.signVote(o);
        } catch (DoubleSignRefusedException e) {
            if (!replaying) {
                LOG.warn("sign guard refused a vote", "reason", e.getMessage());
            }
            return;
        } catch (IOException e) {
            throw new FatalNodeError("cannot persist the sign state: " + e.getMessage(), e);
        }
        peers.broadcast(PeerMessage.newBuilder().setVote(vote).build());
        // Our own vote counts only once fed back (the core's contract). After a restart the guard lets
        // through only an identical resend, and its feedback may be exactly what the crash cut from the WAL.
        feed(new VoteReceived(vote));
    }

    private void broadcastProposal(Output.BroadcastProposal o) {
        Block block = blocks.get(o.valueId());
        if (block == null) {
            LOG.warn("cannot re-propose a block this node no longer holds", "height", o.height(), "round", o.round());
            return;
        }
        byte[] signature;
        try {
            signature = privValidator.signProposal(o);
        } catch (DoubleSignRefusedException e) {
            if (!replaying) {
                LOG.warn("sign guard refused a proposal", "reason", e.getMessage());
            }
            return;
        } catch (IOException e) {
            throw new FatalNodeError("cannot persist the sign state: " + e.getMessage(), e);
        }
        currentProposal = Proposal.newBuilder()
                .setHeight(o.height())
                .setRound(o.round())
                .setPolRound(o.polRound())
                .setBlock(block)
                .setProposer(self)
                .setSignature(ByteString.copyFrom(signature))
                .build();
        peers.broadcast(PeerMessage.newBuilder().setProposal(currentProposal).build());
        LOG.info("proposed", "height", o.height(), "round", o.round(), "txs", block.getTxsCount());
    }

    /** getValue() of the paper (L18): a block of the oldest pending txs; waits a little for txs when idle. */
    private int proposeIfReady(long now) {
        PendingValue pv = pendingValue;
        if (pv.height() != consensus.core().height() || pv.round() != consensus.core().round()) {
            pendingValue = null;
            return 0;
        }
        if (mempool.size() == 0 && now < pv.deadlineNanos()) {
            return 0;
        }
        pendingValue = null;
        List<CheckedTx> candidates = mempool.reap(rules.params().maxBlockBytes() - 64 * 1024,
                Math.min(MAX_PROPOSAL_TXS, rules.params().maxBlockTxs()));
        long timeMs = Math.max(System.currentTimeMillis(), store.lastBlockTimeMs() + 1);
        Commit lastCommit = store.height() == 0 ? null : store.commit(store.height()).orElse(null);
        Block block = rules.buildProposal(store, candidates, timeMs, self.toByteArray(), lastCommit);
        ByteString id = ByteString.copyFrom(Hashes.blockId(block));
        blocks.put(id, block);
        verdictRequested.add(id);
        feed(new ProposeValue(pv.height(), pv.round(), id));
        return 1;
    }

    private void decide(Output.Decide decide) {
        Block block = blocks.get(decide.valueId());
        if (block == null) {
            LOG.warn("decided a block this node does not hold; block sync will fetch it", "height", decide.height());
            return;
        }
        Commit commit = Commits.build(decide);
        BlockResult result;
        long started = System.nanoTime();
        try {
            result = rules.applyBlock(store, block, commit, mempool);
        } catch (Rejection r) {
            throw new FatalNodeError("the decided block " + decide.height() + " does not apply: " + r
                    + " (the local state diverges from the network; run `wishledger chain verify`)", r);
        }
        LOG.info("applied", "height", decide.height(), "ms", (System.nanoTime() - started) / 1_000_000);
        afterCommit(block, result, decide.round());
        nextHeightAtNanos = System.nanoTime() + pacing.commitPauseMs() * 1_000_000L;
    }

    private void afterCommit(Block block, BlockResult result, int round) {
        long now = System.nanoTime();
        mempool.update(result.txHashes(), StoreStateView.of(store), commitListener::onDropped);
        commitListener.onCommitted(block, result);
        metrics.height.set(result.height());
        metrics.blocksCommitted.increment();
        metrics.txsCommitted.add(block.getTxsCount());
        if (lastCommitNanos != 0) {
            metrics.blockInterval.observe((now - lastCommitNanos) / 1e9);
        }
        lastCommitNanos = now;
        LOG.info(round >= 0 ? "committed" : "committed (block sync)", "height", result.height(), "round", round,
                "txs", block.getTxsCount(), "app_hash", Hex.encode(result.appHash()), "mempool", mempool.size());
    }

    private void startHeight(long height) {
        if (validators != null && height == validatorsHeight + 1) {
            validators = validators.nextHeight();
        } else if (validators == null || height != validatorsHeight) {
            validators = Validators.atHeight(firstValidators, 1, height);
        }
        validatorsHeight = height;
        blocks.clear();
        verdictRequested.clear();
        currentProposal = null;
        pendingValue = null;
        lastHeightChangeNanos = System.nanoTime();
        feed(new NewHeight(height, validators));
        future.headMap(height).clear();
        List<AgentEvent> deferred = future.remove(height);
        futureEvents = future.values().stream().mapToInt(List::size).sum();
        if (deferred != null) {
            deferred.forEach(this::onEvent);
        }
    }

    /** After a restart: re-send what the guard allows (only an identical resend), re-arm timeouts. */
    private void handleReplayed(List<Output> outputs) {
        replaying = true;
        try {
            for (Output output : outputs) {
                switch (output) {
                    case Output.Decide d -> decide(d);
                    case Output.Evidence e -> { } // stored when first seen
                    default -> handle(output);
                }
            }
        } finally {
            replaying = false;
        }
    }

    /**
     * Messages get lost (partitions, restarts): while a height makes no progress, say it again. Every vote
     * of the height is relayed, not only our own: a peer may have missed a vote whose sender is now cut
     * off, and the paper's liveness argument assumes what one honest node received, all eventually do.
     */
    private void regossip() {
        if (consensus.core().votes() == null) {
            return;
        }
        if (currentProposal != null && currentProposal.getHeight() == consensus.core().height()) {
            peers.broadcast(PeerMessage.newBuilder().setProposal(currentProposal).build());
        }
        for (Vote vote : consensus.core().votes().allVotes()) {
            peers.broadcast(PeerMessage.newBuilder().setVote(vote).build());
        }
    }

    /** An error after which the node must stop rather than continue in an unknown state. */
    static final class FatalNodeError extends RuntimeException {
        FatalNodeError(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
