package org.wishledger.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wishledger.consensus.Input.NewHeight;
import org.wishledger.consensus.Input.ProposalReceived;
import org.wishledger.consensus.Input.ProposeValue;
import org.wishledger.consensus.Input.TimeoutElapsed;
import org.wishledger.consensus.Input.ValueVerdict;
import org.wishledger.consensus.Input.VoteReceived;
import org.wishledger.consensus.Output.BroadcastProposal;
import org.wishledger.consensus.Output.BroadcastVote;
import org.wishledger.consensus.Output.Decide;
import org.wishledger.consensus.Output.RequestValue;
import org.wishledger.consensus.Output.ScheduleTimeout;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;

/**
 * Algorithm 1 of "The latest gossip on BFT consensus" (Buchman, Kwon, Milosevic 2018) for one process
 * p, as a pure state machine: {@link #apply(Input)} maps one input to the outputs it causes. No
 * threads, clocks, sockets or randomness: the same inputs in the same order give the same outputs, which
 * is what lets the WAL restore a validator by replaying its inputs and the simulator replay a seed.
 *
 * <p>Comments "Lnn" cite the paper's line numbers. The "upon" rules (lines 22-56) are re-evaluated
 * after every input until none fires, so the order in which messages, verdicts and timeouts arrive
 * never matters to which rules eventually fire. Differences from the paper, all deliberate:
 * <ul>
 *   <li>valid(v) is an input ({@link ValueVerdict}): a rule that needs valid(v) waits until the host's
 *       verdict for v is known; the core never prevotes a value it has no verdict for.</li>
 *   <li>The height ends in step COMMIT at line 51; the host answers with {@link NewHeight} (which carries
 *       the next validator set) instead of the core doing lines 52-54 itself.</li>
 *   <li>The proposer also schedules timeoutPropose (L21 only does it for the others), so a host that is
 *       slow to answer getValue() (L18) cannot stall the round; its late value is then ignored.</li>
 *   <li>Own votes count only once the host feeds them back signed (as CometBFT and malachite do).</li>
 * </ul>
 */
public class ConsensusCore {
    /** Distinct values kept per round from one proposer: an equivocating proposer cannot grow memory. */
    static final int MAX_VALUES_PER_ROUND = 4;
    /** Proposals more than this many rounds ahead are dropped (gossip resends them when we get there). */
    static final int MAX_FUTURE_ROUNDS = 64;

    private static final ByteString NIL = ByteString.EMPTY;

    private final ByteString self;
    private final Timeouts timeouts;

    // L2-L9: the process state of the current height.
    private long height = -1;
    private int round = -1;
    private Step step = Step.PROPOSE;
    private ByteString lockedValue;
    private int lockedRound = -1;
    private ByteString validValue;
    private int validRound = -1;
    private ByteString decision;
    private int decisionRound = -1;

    private Validators validators;
    private boolean isValidator;
    private VoteKeeper votes;
    /** Proposals of this height from the right proposer: round -> value id -> its proof-of-lock round. */
    private final Map<Integer, Map<ByteString, Integer>> proposals = new HashMap<>();
    /** valid(v) as reported by the host. */
    private final Map<ByteString, Boolean> verdicts = new HashMap<>();
    // "for the first time" guards of lines 34, 36 and 47, per round.
    private final Set<Integer> prevoteTimeoutScheduled = new HashSet<>();
    private final Set<Integer> lockRuleFired = new HashSet<>();
    private final Set<Integer> precommitTimeoutScheduled = new HashSet<>();
    private boolean awaitingValue;

    private List<Output> out;

    /**
     * @param self     this process's validator address; a node outside the set (or with an empty address)
     *                 follows the protocol without voting or proposing
     * @param timeouts the timeout schedule, identical on all validators
     */
    public ConsensusCore(ByteString self, Timeouts timeouts) {
        this.self = self == null ? NIL : self;
        this.timeouts = timeouts;
    }

    /** Feeds one input; returns the outputs in the order the host must act on them. */
    public List<Output> apply(Input input) {
        out = new ArrayList<>(4);
        switch (input) {
            case NewHeight nh -> onNewHeight(nh);
            case ProposalReceived p -> onProposal(p);
            case ValueVerdict v -> onVerdict(v);
            case VoteReceived v -> onVote(v.vote());
            case TimeoutElapsed t -> onTimeout(t);
            case ProposeValue pv -> onProposeValue(pv);
        }
        List<Output> result = out;
        out = null;
        return result;
    }

    // ---------------------------------------------------------------- inputs

    private void onNewHeight(NewHeight nh) {
        if (height >= 0 && nh.height() <= height) {
            throw new IllegalStateException("NewHeight " + nh.height() + " does not advance height " + height);
        }
        height = nh.height();
        validators = nh.validators();
        isValidator = validators.indexOf(self) >= 0;
        // L53: reset lockedRound, lockedValue, validRound and validValue to their initial values.
        lockedValue = null;
        lockedRound = -1;
        validValue = null;
        validRound = -1;
        decision = null;
        decisionRound = -1;
        votes = new VoteKeeper(height, validators);
        proposals.clear();
        verdicts.clear();
        prevoteTimeoutScheduled.clear();
        lockRuleFired.clear();
        precommitTimeoutScheduled.clear();
        startRound(0); // L10 / L54
        progress();
    }

    private void onProposal(ProposalReceived p) {
        if (p.height() != height || step == Step.COMMIT || p.valueId().isEmpty()) {
            return;
        }
        // L22 takes vr = -1 and L28 0 <= vr < round; any other vr is malformed.
        if (p.round() < 0 || p.polRound() < -1 || p.polRound() >= p.round()
                || p.round() > Math.max(round, 0) + MAX_FUTURE_ROUNDS) {
            return;
        }
        // "from proposer(h_p, round)" (L22, L28, L36, L49)
        if (!validators.proposer(p.round()).address().equals(p.proposer())) {
            return;
        }
        if (recordProposal(p.round(), p.valueId(), p.polRound())) {
            progress();
        }
    }

    private boolean recordProposal(int r, ByteString valueId, int polRound) {
        Map<ByteString, Integer> values = proposals.computeIfAbsent(r, k -> new LinkedHashMap<>());
        if (values.containsKey(valueId) || values.size() >= MAX_VALUES_PER_ROUND) {
            return false;
        }
        values.put(valueId, polRound);
        return true;
    }

    private void onVerdict(ValueVerdict v) {
        if (v.height() != height || step == Step.COMMIT) {
            return;
        }
        if (verdicts.putIfAbsent(v.valueId(), v.valid()) == null) {
            progress();
        }
    }

    private void onVote(Vote vote) {
        if (vote.getHeight() != height || votes == null) {
            return;
        }
        VoteKeeper.AddResult result = votes.add(vote);
        if (result.evidence() != null) {
            out.add(new Output.Evidence(result.evidence()));
        }
        if (result.status() == VoteKeeper.Status.ADDED && step != Step.COMMIT) {
            progress();
        }
    }

    private void onTimeout(TimeoutElapsed t) {
        if (t.height() != height || t.round() != round || step == Step.COMMIT) {
            return;
        }
        switch (t.kind()) {
            case PROPOSE -> { // L57-L60: OnTimeoutPropose
                if (step == Step.PROPOSE) {
                    prevote(NIL);
                }
            }
            case PREVOTE -> { // L61-L64: OnTimeoutPrevote
                if (step == Step.PREVOTE) {
                    precommit(NIL);
                }
            }
            case PRECOMMIT -> startRound(round + 1); // L65-L67: OnTimeoutPrecommit
        }
        progress();
    }

    private void onProposeValue(ProposeValue pv) {
        // L18: the answer to getValue() counts only while this round still waits for it.
        if (pv.height() != height || pv.round() != round || !awaitingValue || step != Step.PROPOSE
                || pv.valueId().isEmpty()) {
            return;
        }
        awaitingValue = false;
        propose(pv.valueId(), -1);
        progress();
    }

    // ---------------------------------------------------------------- the algorithm

    /** L11-L21: StartRound(round). */
    private void startRound(int r) {
        round = r; // L12
        step = Step.PROPOSE; // L13
        awaitingValue = false;
        schedule(TimeoutKind.PROPOSE); // L21 (for the proposer too: see the class comment)
        if (isValidator && validators.proposer(r).address().equals(self)) { // L14
            if (validValue != null) { // L15
                propose(validValue, validRound); // L16, L19
            } else {
                awaitingValue = true; // L18: getValue() is the host's job
                out.add(new RequestValue(height, r));
            }
        }
    }

    /** L19: broadcast ⟨PROPOSAL, h_p, round_p, proposal, validRound_p⟩; our own proposal is received at once. */
    private void propose(ByteString valueId, int polRound) {
        out.add(new BroadcastProposal(height, round, polRound, valueId));
        verdicts.putIfAbsent(valueId, Boolean.TRUE); // we built it (getValue) or already found it valid (L36)
        recordProposal(round, valueId, polRound);
    }

    /** Fires "upon" rules until none applies. */
    private void progress() {
        boolean fired = true;
        while (fired && step != Step.COMMIT) {
            fired = decideRule() || roundSkipRule() || currentRoundRules();
        }
    }

    /** L49-L51: a proposal ⟨h_p, r, v⟩ from proposer(h_p, r), 2f + 1 ⟨PRECOMMIT, h_p, r, id(v)⟩ and valid(v). */
    private boolean decideRule() {
        for (int r : votes.rounds()) {
            VoteTally precommits = votes.precommits(r);
            ByteString v = precommits.quorumValue();
            if (v == null || v.isEmpty() || !hasProposal(r, v) || !Boolean.TRUE.equals(verdicts.get(v))) {
                continue;
            }
            decision = v; // L51
            decisionRound = r;
            step = Step.COMMIT;
            out.add(new Decide(height, r, v, precommits.votesFor(v)));
            return true;
        }
        return false;
    }

    /** L55-L56: f + 1 ⟨∗, h_p, round, ∗⟩ with round > round_p: StartRound(round). */
    private boolean roundSkipRule() {
        int higher = votes.highestRoundWithOneThirdAbove(round);
        if (higher > round) {
            startRound(higher);
            return true;
        }
        return false;
    }

    private boolean currentRoundRules() {
        if (step == Step.PROPOSE && proposalRule()) {
            return true;
        }
        VoteTally prevotes = votes.prevotes(round);
        if (prevotes != null) {
            // L34-L35: 2f + 1 ⟨PREVOTE, h_p, round_p, ∗⟩ while step_p = prevote, for the first time.
            if (step == Step.PREVOTE && prevotes.hasQuorumAny() && prevoteTimeoutScheduled.add(round)) {
                schedule(TimeoutKind.PREVOTE);
            }
            if (lockRule(prevotes)) {
                return true;
            }
            // L44-L46: 2f + 1 ⟨PREVOTE, h_p, round_p, nil⟩ while step_p = prevote.
            if (step == Step.PREVOTE && NIL.equals(prevotes.quorumValue())) {
                precommit(NIL);
                return true;
            }
        }
        // L47-L48: 2f + 1 ⟨PRECOMMIT, h_p, round_p, ∗⟩ for the first time.
        VoteTally precommits = votes.precommits(round);
        if (precommits != null && precommits.hasQuorumAny() && precommitTimeoutScheduled.add(round)) {
            schedule(TimeoutKind.PRECOMMIT);
        }
        return false;
    }

    /** L22-L33: the proposal of round_p while step_p = propose. */
    private boolean proposalRule() {
        Map<ByteString, Integer> values = proposals.get(round);
        if (values == null) {
            return false;
        }
        for (Map.Entry<ByteString, Integer> e : values.entrySet()) {
            ByteString v = e.getKey();
            int vr = e.getValue();
            // L22 (vr = -1) needs nothing more; L28 (0 <= vr < round_p) needs 2f + 1 ⟨PREVOTE, h_p, vr, id(v)⟩.
            if (vr >= 0 && !votes.hasPrevoteQuorumFor(vr, v)) {
                continue;
            }
            Boolean valid = verdicts.get(v);
            if (valid == null) {
                continue; // valid(v) unknown: wait for the host's verdict (or timeoutPropose)
            }
            // L23 / L29: valid(v) ∧ (lockedRound_p = -1 ∨ lockedRound_p <= vr ∨ lockedValue_p = v).
            // With vr = -1, "lockedRound_p <= vr" is exactly L23's "lockedRound_p = -1".
            prevote(valid && lockAllowsPrevote(v, vr) ? v : NIL); // L24/L26, L30/L32, L27/L33
            return true;
        }
        return false;
    }

    /**
     * The locking rule of L23 and L29: may a locked process prevote v proposed with proof-of-lock round
     * vr? Overridden only by the deliberately broken test variant that proves the simulator has teeth.
     */
    protected boolean lockAllowsPrevote(ByteString v, int vr) {
        return lockedRound <= vr || v.equals(lockedValue);
    }

    /** L36-L43: proposal v of round_p, 2f + 1 ⟨PREVOTE, h_p, round_p, id(v)⟩, valid(v), step_p >= prevote, first time. */
    private boolean lockRule(VoteTally prevotes) {
        ByteString v = prevotes.quorumValue();
        if (v == null || v.isEmpty() || step.compareTo(Step.PREVOTE) < 0 || lockRuleFired.contains(round)
                || !hasProposal(round, v) || !Boolean.TRUE.equals(verdicts.get(v))) {
            return false;
        }
        lockRuleFired.add(round);
        if (step == Step.PREVOTE) { // L37
            lockedValue = v; // L38
            lockedRound = round; // L39
            precommit(v); // L40, L41
        }
        validValue = v; // L42
        validRound = round; // L43
        return true;
    }

    private boolean hasProposal(int r, ByteString v) {
        Map<ByteString, Integer> values = proposals.get(r);
        return values != null && values.containsKey(v);
    }

    private void prevote(ByteString v) {
        if (isValidator) {
            out.add(new BroadcastVote(VoteType.PREVOTE, height, round, v));
        }
        step = Step.PREVOTE;
    }

    private void precommit(ByteString v) {
        if (isValidator) {
            out.add(new BroadcastVote(VoteType.PRECOMMIT, height, round, v));
        }
        step = Step.PRECOMMIT;
    }

    private void schedule(TimeoutKind kind) {
        out.add(new ScheduleTimeout(kind, height, round, timeouts.duration(kind, round)));
    }

    // ---------------------------------------------------------------- read-only view for hosts and tests

    public long height() {
        return height;
    }

    public int round() {
        return round;
    }

    public Step step() {
        return step;
    }

    public ByteString lockedValue() {
        return lockedValue;
    }

    public int lockedRound() {
        return lockedRound;
    }

    public ByteString validValue() {
        return validValue;
    }

    public int validRound() {
        return validRound;
    }

    /** The decided value of the current height, or null. */
    public ByteString decision() {
        return decision;
    }

    public int decisionRound() {
        return decisionRound;
    }

    /** This process proposes in the current round and waits for the host's getValue() answer (L18). */
    public boolean awaitingValue() {
        return awaitingValue && step == Step.PROPOSE;
    }

    public Validators validators() {
        return validators;
    }

    public VoteKeeper votes() {
        return votes;
    }

    public ByteString self() {
        return self;
    }

    /** This validator's own counted votes of the current height: what a restarted host re-gossips. */
    public List<Vote> ownVotes() {
        return votes == null ? List.of() : votes.votesOf(self);
    }

    @Override
    public String toString() {
        return "Core[h=" + height + " r=" + round + " " + step + " locked=" + lockedRound + " valid=" + validRound + "]";
    }
}
