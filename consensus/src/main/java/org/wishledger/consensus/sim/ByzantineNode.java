package org.wishledger.consensus.sim;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.wishledger.consensus.ConsensusCore;
import org.wishledger.consensus.Input;
import org.wishledger.consensus.Output;
import org.wishledger.consensus.sim.SimMessage.ProposalMsg;
import org.wishledger.consensus.sim.SimMessage.VoteMsg;
import org.wishledger.ledger.SignBytes;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;

/**
 * A Byzantine validator. It runs a real core to know where the protocol is (so its attacks land in the
 * live round), signs with its key without any guard, and distorts what it sends according to its
 * {@link ByzantineBehaviour}. It decides nothing that is checked.
 */
final class ByzantineNode extends SimNode {
    private final ByzantineBehaviour behaviour;
    private final Random random;
    private ConsensusCore core;
    private final List<ByteString> seenValues = new ArrayList<>();
    private final java.util.Map<Long, AttackPlan> plans = new java.util.HashMap<>();
    private final java.util.Map<Integer, ByteString> roundProposals = new java.util.HashMap<>();

    ByzantineNode(Simulation sim, int index, ByteString address, ByzantineBehaviour behaviour) {
        super(sim, index, address);
        this.behaviour = behaviour;
        this.random = sim.random;
    }

    @Override
    boolean honest() {
        return false;
    }

    ByzantineBehaviour behaviour() {
        return behaviour;
    }

    void start() {
        if (behaviour == ByzantineBehaviour.SILENT) {
            return;
        }
        core = new ConsensusCore(address, sim.config.timeouts());
        if (behaviour == ByzantineBehaviour.LOCK_ATTACK) {
            planLockAttack();
        }
        process(core.apply(new Input.NewHeight(1, sim.validatorsAt(1))));
    }

    @Override
    void receive(int from, SimMessage message) {
        if (core == null) {
            return;
        }
        switch (message) {
            case ProposalMsg p -> {
                if (p.height() == core.height()) {
                    if (!seenValues.contains(p.valueId())) {
                        seenValues.add(p.valueId());
                    }
                    roundProposals.putIfAbsent(p.round(), p.valueId());
                    process(core.apply(new Input.ProposalReceived(p.height(), p.round(), p.polRound(), p.valueId(), p.proposer())));
                    process(core.apply(new Input.ValueVerdict(p.height(), p.valueId(), true))); // it does not care
                }
            }
            case VoteMsg v -> {
                if (v.height() == core.height()) {
                    process(core.apply(new Input.VoteReceived(v.vote())));
                }
            }
            case SimMessage.CommitMsg c -> {
                if (c.height() == core.height()) {
                    ProposalMsg p = c.proposal();
                    process(core.apply(new Input.ProposalReceived(p.height(), p.round(), p.polRound(), p.valueId(), p.proposer())));
                    process(core.apply(new Input.ValueVerdict(p.height(), p.valueId(), true)));
                    for (Vote v : c.precommits()) {
                        process(core.apply(new Input.VoteReceived(v)));
                    }
                }
            }
            case SimMessage.StatusMsg s -> {
            }
        }
    }

    @Override
    void gossip() {
        if (core != null) {
            sim.network.broadcast(index, new SimMessage.StatusMsg(core.height()));
        }
    }

    private void process(List<Output> first) {
        ArrayDeque<Output> queue = new ArrayDeque<>(first);
        while (!queue.isEmpty()) {
            switch (queue.poll()) {
                case Output.BroadcastProposal bp -> propose(bp);
                case Output.BroadcastVote bv -> queue.addAll(vote(bv));
                case Output.ScheduleTimeout t -> sim.schedule(t.durationMs(), () -> {
                    if (core.height() == t.height()) {
                        process(core.apply(new Input.TimeoutElapsed(t.kind(), t.height(), t.round())));
                    }
                });
                case Output.RequestValue rv -> {
                    ByteString value = sim.registry.create(random.nextBoolean()); // half of its blocks are invalid
                    queue.addAll(core.apply(new Input.ProposeValue(rv.height(), rv.round(), value)));
                }
                case Output.Decide d -> {
                    seenValues.clear();
                    roundProposals.clear();
                    if (d.height() < sim.config.heights()) {
                        queue.addAll(core.apply(new Input.NewHeight(d.height() + 1, core.validators().nextHeight())));
                    }
                }
                case Output.Evidence e -> {
                }
            }
        }
    }

    private void propose(Output.BroadcastProposal bp) {
        if (behaviour == ByzantineBehaviour.LOCK_ATTACK) {
            ByteString fresh = sim.registry.create(true);
            roundProposals.putIfAbsent(bp.round(), fresh);
            sim.network.broadcast(index, signedProposal(bp.height(), bp.round(), -1, fresh));
            return;
        }
        ProposalMsg first = signedProposal(bp.height(), bp.round(), bp.polRound(), bp.valueId());
        if (behaviour == ByzantineBehaviour.EQUIVOCATING_PROPOSER || behaviour == ByzantineBehaviour.EQUIVOCATE_ALL) {
            ByteString other = sim.registry.create(random.nextBoolean());
            ProposalMsg second = signedProposal(bp.height(), bp.round(), -1, other);
            boolean[] half = randomHalf();
            for (int to = 0; to < sim.size(); to++) {
                if (to != index) {
                    sim.network.send(index, to, half[to] ? first : second);
                }
            }
            return;
        }
        sim.network.broadcast(index, first);
    }

    private ProposalMsg signedProposal(long height, int round, int polRound, ByteString value) {
        sim.registry.markProposed(value);
        byte[] sig = sim.signatures.sign(address, SignBytes.proposal(Simulation.CHAIN, height, round, polRound, value));
        ProposalMsg p = new ProposalMsg(height, round, polRound, value, address, ByteString.copyFrom(sig));
        sim.recordProposal(p);
        return p;
    }

    /** Sends its distorted vote(s); returns the outputs of feeding its "main" vote back to its own core. */
    private List<Output> vote(Output.BroadcastVote bv) {
        ByteString value = bv.valueId();
        AttackPlan plan = behaviour == ByzantineBehaviour.LOCK_ATTACK ? plans.get(bv.height()) : null;
        if (plan != null && bv.round() > plan.round && bv.type() == VoteType.PREVOTE
                && roundProposals.containsKey(bv.round())) {
            value = roundProposals.get(bv.round()); // after the split: back whatever is proposed, lock or not
        }
        Vote main = signedVote(bv.type(), bv.height(), bv.round(), value);
        switch (behaviour) {
            case DOUBLE_VOTING, EQUIVOCATE_ALL -> {
                Vote other = signedVote(bv.type(), bv.height(), bv.round(), alternative(bv.valueId()));
                boolean[] half = randomHalf();
                for (int to = 0; to < sim.size(); to++) {
                    if (to != index) {
                        sim.network.send(index, to, new VoteMsg(half[to] ? main : other));
                    }
                }
            }
            case LOCK_ATTACK -> {
                return core.apply(new Input.VoteReceived(lockAttack(main)));
            }
            case RANDOM_VOTES -> {
                ByteString junk = sim.registry.random();
                sim.network.broadcast(index, new VoteMsg(signedVote(bv.type(), bv.height(), bv.round(), junk)));
                int ahead = bv.round() + 1 + random.nextInt(3);
                sim.network.broadcast(index, new VoteMsg(signedVote(bv.type(), bv.height(), ahead, sim.registry.random())));
            }
            default -> sim.network.broadcast(index, new VoteMsg(main));
        }
        return core.apply(new Input.VoteReceived(main));
    }

    /** One planned split: in (height, round) only {@code target} may decide; {@code excluded} misses the polka. */
    private static final class AttackPlan {
        final int round;
        final int target;
        final int excluded;
        boolean launched; // the split precommit went out: from now on the target's later messages are held

        AttackPlan(int round, int target, int excluded) {
            this.round = round;
            this.target = target;
            this.excluded = excluded;
        }
    }

    /**
     * Plans the lock attack of every height up front, as an adversary that knows the proposer schedule
     * would: split the round just before one this node proposes, and ask the network adversary (allowed
     * before GST) to hold (1) the other honest prevotes on their way to the excluded validator, (2)
     * everything the target sends after the split round, and (3) relays of this node's precommit.
     */
    private void planLockAttack() {
        for (long h = 1; h <= sim.config.heights(); h++) {
            org.wishledger.consensus.Validators vals = sim.validatorsAt(h);
            int round = -1;
            for (int r = 0; r < 4 && round < 0; r++) {
                if (vals.proposer(r + 1).address().equals(address)) {
                    round = r;
                }
            }
            if (round < 0 || sim.honestCount() < 2) {
                continue;
            }
            int target = sim.randomHonest();
            int excluded;
            do {
                excluded = sim.randomHonest();
            } while (excluded == target);
            AttackPlan plan = new AttackPlan(round, target, excluded);
            plans.put(h, plan);
            long height = h;
            ByteString targetAddress = sim.node(target).address;
            int r0 = round;
            sim.network.addHoldRule((from, to, m) -> {
                if (m instanceof VoteMsg vm) {
                    Vote v = vm.vote();
                    if (v.getHeight() != height || v.getBlockId().isEmpty()) {
                        return plan.launched && from == target && v.getHeight() > height ? sim.network.gst() : 0;
                    }
                    boolean rule1 = to == plan.excluded && v.getType() == VoteType.PREVOTE && v.getRound() == r0
                            && !v.getValidator().equals(targetAddress);
                    boolean rule2 = plan.launched && from == plan.target && v.getRound() > r0;
                    boolean rule3 = to != plan.target && v.getType() == VoteType.PRECOMMIT && v.getRound() == r0
                            && v.getValidator().equals(address);
                    return rule1 || rule2 || rule3 ? sim.network.gst() : 0;
                }
                if (!plan.launched || from != plan.target) {
                    return 0;
                }
                boolean later = m.height() > height || (m instanceof SimMessage.CommitMsg c && c.height() == height)
                        || (m instanceof ProposalMsg p && p.height() == height && p.round() > r0);
                return later ? sim.network.gst() : 0;
            });
        }
    }

    /**
     * Splits the honest validators so that exactly one of them can decide v in this round while the rest
     * move on to the next: the prevote for v goes to all but one ("excluded", who then sees no polka and
     * precommits nil), the precommit for v only to one "target" (who decides), and the target's outgoing
     * messages are held back until GST — which partial synchrony allows the adversary before GST. The next
     * proposal this node makes is a fresh value; only the locking rule keeps the others from deciding it.
     * Returns the vote its own core should count: nil for the split precommit, so that it stays in the
     * height to make that proposal.
     */
    private Vote lockAttack(Vote main) {
        AttackPlan plan = plans.get(main.getHeight());
        if (main.getBlockId().isEmpty() || plan == null || main.getRound() != plan.round) {
            sim.network.broadcast(index, new VoteMsg(main));
            return main;
        }
        Vote nil = signedVote(main.getType(), main.getHeight(), main.getRound(), ByteString.EMPTY);
        boolean precommit = main.getType() == VoteType.PRECOMMIT;
        if (precommit) {
            plan.launched = true;
            sim.trace(index, "ATTACK h=" + main.getHeight() + " r=" + main.getRound() + " target=v" + plan.target
                    + " excluded=v" + plan.excluded);
        }
        for (int to = 0; to < sim.size(); to++) {
            if (to != index) {
                boolean gets = precommit ? to == plan.target : to != plan.excluded;
                sim.network.send(index, to, new VoteMsg(gets ? main : nil));
            }
        }
        // Its own core counts the nil precommit: it must not decide, it has to propose the next round.
        return precommit ? nil : main;
    }

    private ByteString alternative(ByteString value) {
        List<ByteString> candidates = new ArrayList<>(seenValues);
        candidates.remove(value);
        if (!value.isEmpty() && (candidates.isEmpty() || random.nextBoolean())) {
            return ByteString.EMPTY;
        }
        if (candidates.isEmpty()) {
            return sim.registry.random();
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    private Vote signedVote(VoteType type, long height, int round, ByteString value) {
        byte[] sig = sim.signatures.sign(address, SignBytes.vote(Simulation.CHAIN, type, height, round, value));
        return Vote.newBuilder().setType(type).setHeight(height).setRound(round).setBlockId(value)
                .setValidator(address).setSignature(ByteString.copyFrom(sig)).build();
    }

    private boolean[] randomHalf() {
        boolean[] half = new boolean[sim.size()];
        for (int i = 0; i < half.length; i++) {
            half[i] = random.nextBoolean();
        }
        return half;
    }
}
