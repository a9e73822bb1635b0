package org.wishledger.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wishledger.consensus.Output.BroadcastProposal;
import org.wishledger.consensus.Output.BroadcastVote;
import org.wishledger.consensus.Output.Decide;
import org.wishledger.consensus.Output.RequestValue;
import org.wishledger.consensus.Output.ScheduleTimeout;
import org.wishledger.ledger.proto.VoteType;

/** One test (or more) per rule of Algorithm 1; names cite the paper's lines. */
class ConsensusCoreTest {
    private static final ByteString NIL = ByteString.EMPTY;
    private static final ByteString A = Fixture.value("A");
    private static final ByteString B = Fixture.value("B");

    private final Fixture f = Fixture.equal(4);
    private final long h = 1;

    /** A core for validator {@code me}, started at height 1; returns the outputs of the start. */
    private final class Harness {
        final ConsensusCore core;
        final int me;
        List<Output> last;

        Harness(int me) {
            this.me = me;
            core = new ConsensusCore(f.address(me), Fixture.TIMEOUTS);
            last = core.apply(new Input.NewHeight(h, f.validators));
        }

        List<Output> in(Input input) {
            last = core.apply(input);
            return last;
        }

        void proposal(int round, int polRound, ByteString v) {
            in(new Input.ProposalReceived(h, round, polRound, v, f.address(f.proposerIndex(round))));
        }

        void verdict(ByteString v, boolean valid) {
            in(new Input.ValueVerdict(h, v, valid));
        }

        void votes(VoteType type, int round, ByteString v, int... from) {
            for (int i : from) {
                in(new Input.VoteReceived(f.vote(i, type, h, round, v)));
            }
        }

        /** Three validators other than me (a +2/3 quorum with me excluded, n = 4). */
        int[] others() {
            int[] o = new int[3];
            for (int i = 0, k = 0; i < 4; i++) {
                if (i != me) {
                    o[k++] = i;
                }
            }
            return o;
        }
    }

    private static BroadcastVote vote(List<Output> outs) {
        return outs.stream().filter(o -> o instanceof BroadcastVote).map(o -> (BroadcastVote) o).findFirst().orElse(null);
    }

    private static <T> T find(List<Output> outs, Class<T> type) {
        return outs.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    @Test
    void l14_to_l21_proposerRequestsValueAndOthersScheduleTimeoutPropose() {
        Harness proposer = new Harness(f.proposerIndex(0));
        assertEquals(new RequestValue(h, 0), find(proposer.last, RequestValue.class));
        Harness other = new Harness(f.nonProposer(0));
        assertNull(find(other.last, RequestValue.class));
        assertEquals(new ScheduleTimeout(TimeoutKind.PROPOSE, h, 0, 3000), find(other.last, ScheduleTimeout.class));
        assertEquals(Step.PROPOSE, other.core.step());
    }

    @Test
    void l18_l19_proposerBroadcastsTheValueItGotAndPrevotesIt() {
        Harness p = new Harness(f.proposerIndex(0));
        List<Output> outs = p.in(new Input.ProposeValue(h, 0, A));
        assertEquals(new BroadcastProposal(h, 0, -1, A), find(outs, BroadcastProposal.class));
        assertEquals(new BroadcastVote(VoteType.PREVOTE, h, 0, A), vote(outs));
        assertEquals(Step.PREVOTE, p.core.step());
    }

    @Test
    void l22_l24_prevotesValidProposalOnlyOnceTheVerdictIsKnown() {
        Harness p = new Harness(f.nonProposer(0));
        p.proposal(0, -1, A);
        assertNull(vote(p.last), "valid(v) unknown: no prevote yet");
        assertEquals(Step.PROPOSE, p.core.step());
        p.verdict(A, true);
        assertEquals(new BroadcastVote(VoteType.PREVOTE, h, 0, A), vote(p.last));
        assertEquals(Step.PREVOTE, p.core.step());
    }

    @Test
    void l26_prevotesNilForInvalidProposal() {
        Harness p = new Harness(f.nonProposer(0));
        p.verdict(A, false);
        p.proposal(0, -1, A);
        assertEquals(new BroadcastVote(VoteType.PREVOTE, h, 0, NIL), vote(p.last));
    }

    @Test
    void l22_ignoresProposalFromWrongProposer() {
        Harness p = new Harness(f.nonProposer(0));
        p.verdict(A, true);
        int wrong = (f.proposerIndex(0) + 1) % 4;
        p.in(new Input.ProposalReceived(h, 0, -1, A, f.address(wrong)));
        assertNull(vote(p.last));
        assertEquals(Step.PROPOSE, p.core.step());
    }

    /** Drives a validator to lock A in round 0 (L36-L41), then lets round 0 end by timeout. */
    private Harness lockedOnAInRound0(int me) {
        Harness p = new Harness(me);
        p.verdict(A, true);
        p.verdict(B, true);
        p.proposal(0, -1, A);
        p.votes(VoteType.PREVOTE, 0, A, p.others());
        assertEquals(new BroadcastVote(VoteType.PRECOMMIT, h, 0, A), vote(p.last));
        assertEquals(0, p.core.lockedRound());
        assertEquals(A, p.core.lockedValue());
        assertEquals(A, p.core.validValue());
        assertEquals(0, p.core.validRound());
        p.votes(VoteType.PRECOMMIT, 0, NIL, p.others());
        p.in(new Input.TimeoutElapsed(TimeoutKind.PRECOMMIT, h, 0));
        assertEquals(1, p.core.round());
        return p;
    }

    @Test
    void l36_l43_locksAndPrecommitsOnProposalPlusQuorumOfPrevotes() {
        Harness p = lockedOnAInRound0(f.nonProposer(0, 1));
        assertEquals(Step.PROPOSE, p.core.step());
    }

    @Test
    void l23_l26_lockedValidatorPrevotesNilForAnotherValueWithoutProofOfLock() {
        Harness p = lockedOnAInRound0(f.nonProposer(0, 1));
        p.proposal(1, -1, B);
        assertEquals(new BroadcastVote(VoteType.PREVOTE, h, 1, NIL), vote(p.last));
    }

    @Test
    void l23_l24_lockedValidatorPrevotesItsLockedValue() {
        Harness p = lockedOnAInRound0(f.nonProposer(0, 1));
        p.proposal(1, -1, A);
        assertEquals(new BroadcastVote(VoteType.PREVOTE, h, 1, A), vote(p.last));
    }

    @Test
    void l28_l30_proofOfLockFromALaterRoundUnlocks() {
        Harness p = lockedOnAInRound0(f.nonProposer(0, 1, 2));
        // round 1: B gets a polka the validator missed the proposal of; round 2 re-proposes B with vr = 1
        p.votes(VoteType.PREVOTE, 1, B, p.others());
        p.votes(VoteType.PRECOMMIT, 1, NIL, p.others());
        p.in(new Input.TimeoutElapsed(TimeoutKind.PROPOSE, h, 1));
        p.in(new Input.TimeoutElapsed(TimeoutKind.PREVOTE, h, 1));
        p.in(new Input.TimeoutElapsed(TimeoutKind.PRECOMMIT, h, 1));
        assertEquals(2, p.core.round());
        p.proposal(2, 1, B);
        assertEquals(new BroadcastVote(VoteType.PREVOTE, h, 2, B), vote(p.last));
    }

    @Test
    void l28_l32_proofOfLockOlderThanTheLockDoesNotUnlock() {
        // locked on A at round 1; proposal B in round 2 with vr = 0 (B had a polka at round 0)
        int me = f.nonProposer(0, 1, 2);
        Harness p = new Harness(me);
        p.verdict(A, true);
        p.verdict(B, true);
        p.votes(VoteType.PREVOTE, 0, B, p.others());
        p.votes(VoteType.PRECOMMIT, 0, NIL, p.others());
        p.in(new Input.TimeoutElapsed(TimeoutKind.PROPOSE, h, 0));
        p.in(new Input.TimeoutElapsed(TimeoutKind.PRECOMMIT, h, 0));
        p.proposal(1, -1, A);
        p.votes(VoteType.PREVOTE, 1, A, p.others());
        assertEquals(1, p.core.lockedRound());
        p.votes(VoteType.PRECOMMIT, 1, NIL, p.others());
        p.in(new Input.TimeoutElapsed(TimeoutKind.PRECOMMIT, h, 1));
        p.proposal(2, 0, B);
        assertEquals(new BroadcastVote(VoteType.PREVOTE, h, 2, NIL), vote(p.last));
    }

    @Test
    void l28_waitsForTheProofOfLockPrevotes() {
        Harness p = new Harness(f.nonProposer(0, 1));
        p.verdict(B, true);
        p.in(new Input.TimeoutElapsed(TimeoutKind.PROPOSE, h, 0));
        p.votes(VoteType.PRECOMMIT, 0, NIL, p.others());
        p.in(new Input.TimeoutElapsed(TimeoutKind.PRECOMMIT, h, 0));
        p.proposal(1, 0, B);
        assertNull(vote(p.last), "no 2f+1 prevotes for B at vr = 0 yet");
        p.votes(VoteType.PREVOTE, 0, B, p.others());
        assertEquals(new BroadcastVote(VoteType.PREVOTE, h, 1, B), vote(p.last));
    }

    @Test
    void l34_l35_schedulesTimeoutPrevoteOnceOnAnyQuorum() {
        Harness p = new Harness(f.nonProposer(0));
        p.in(new Input.TimeoutElapsed(TimeoutKind.PROPOSE, h, 0));
        int[] o = p.others();
        p.in(new Input.VoteReceived(f.vote(o[0], VoteType.PREVOTE, h, 0, A)));
        p.in(new Input.VoteReceived(f.vote(o[1], VoteType.PREVOTE, h, 0, NIL)));
        assertNull(find(p.last, ScheduleTimeout.class));
        p.in(new Input.VoteReceived(f.vote(o[2], VoteType.PREVOTE, h, 0, B)));
        assertEquals(new ScheduleTimeout(TimeoutKind.PREVOTE, h, 0, 1000), find(p.last, ScheduleTimeout.class));
        p.in(new Input.VoteReceived(f.vote(p.me, VoteType.PREVOTE, h, 0, NIL)));
        assertNull(find(p.last, ScheduleTimeout.class), "for the first time only");
        p.in(new Input.TimeoutElapsed(TimeoutKind.PREVOTE, h, 0)); // L61-L64
        assertEquals(new BroadcastVote(VoteType.PRECOMMIT, h, 0, NIL), vote(p.last));
    }

    @Test
    void l44_l46_precommitsNilOnQuorumOfNilPrevotes() {
        Harness p = new Harness(f.nonProposer(0));
        p.in(new Input.TimeoutElapsed(TimeoutKind.PROPOSE, h, 0)); // L57-L60
        assertEquals(new BroadcastVote(VoteType.PREVOTE, h, 0, NIL), vote(p.last));
        p.votes(VoteType.PREVOTE, 0, NIL, p.others());
        assertEquals(new BroadcastVote(VoteType.PRECOMMIT, h, 0, NIL), vote(p.last));
        assertEquals(Step.PRECOMMIT, p.core.step());
    }

    @Test
    void l42_l43_updatesValidValueWithoutLockingAfterPrecommitNil() {
        Harness p = new Harness(f.nonProposer(0));
        p.verdict(A, true);
        p.in(new Input.TimeoutElapsed(TimeoutKind.PROPOSE, h, 0));
        p.in(new Input.TimeoutElapsed(TimeoutKind.PREVOTE, h, 0));
        assertEquals(Step.PRECOMMIT, p.core.step());
        p.proposal(0, -1, A);
        p.votes(VoteType.PREVOTE, 0, A, p.others());
        assertEquals(A, p.core.validValue());
        assertEquals(-1, p.core.lockedRound(), "step was precommit: L37 does not lock");
        assertNull(vote(p.last));
    }

    @Test
    void l15_l16_proposerReproposesItsValidValueWithItsValidRound() {
        int next = f.proposerIndex(1);
        Harness p = new Harness(next);
        p.verdict(A, true);
        p.proposal(0, -1, A);
        p.votes(VoteType.PREVOTE, 0, A, p.others());
        p.votes(VoteType.PRECOMMIT, 0, NIL, p.others());
        List<Output> outs = p.in(new Input.TimeoutElapsed(TimeoutKind.PRECOMMIT, h, 0));
        assertEquals(new BroadcastProposal(h, 1, 0, A), find(outs, BroadcastProposal.class));
        assertNull(find(outs, RequestValue.class));
        assertEquals(new BroadcastVote(VoteType.PREVOTE, h, 1, A), vote(outs), "own proposal passes L28 at once");
    }

    @Test
    void l47_l48_schedulesTimeoutPrecommitOnAnyQuorumAndL65StartsNextRound() {
        Harness p = new Harness(f.nonProposer(0));
        int[] o = p.others();
        p.in(new Input.VoteReceived(f.vote(o[0], VoteType.PRECOMMIT, h, 0, A)));
        p.in(new Input.VoteReceived(f.vote(o[1], VoteType.PRECOMMIT, h, 0, NIL)));
        p.in(new Input.VoteReceived(f.vote(o[2], VoteType.PRECOMMIT, h, 0, NIL)));
        assertEquals(new ScheduleTimeout(TimeoutKind.PRECOMMIT, h, 0, 1000), find(p.last, ScheduleTimeout.class));
        List<Output> outs = p.in(new Input.TimeoutElapsed(TimeoutKind.PRECOMMIT, h, 0));
        assertEquals(1, p.core.round());
        ScheduleTimeout t = find(outs, ScheduleTimeout.class);
        assertEquals(new ScheduleTimeout(TimeoutKind.PROPOSE, h, 1, 3500), t, "timeouts grow per round");
    }

    @Test
    void l49_l51_decidesOnProposalPlusQuorumOfPrecommitsEvenFromAnOldRound() {
        Harness p = new Harness(f.nonProposer(0));
        p.in(new Input.TimeoutElapsed(TimeoutKind.PROPOSE, h, 0));
        p.votes(VoteType.PREVOTE, 0, NIL, p.others());
        p.votes(VoteType.PRECOMMIT, 0, NIL, p.others());
        p.in(new Input.TimeoutElapsed(TimeoutKind.PRECOMMIT, h, 0));
        assertEquals(1, p.core.round());
        p.votes(VoteType.PRECOMMIT, 0, A, p.others()); // ignored: conflicts with their nil precommits
        assertNull(p.core.decision());
        Harness q = new Harness(f.nonProposer(0));
        q.in(new Input.TimeoutElapsed(TimeoutKind.PROPOSE, h, 0));
        q.in(new Input.TimeoutElapsed(TimeoutKind.PREVOTE, h, 0));
        q.votes(VoteType.PRECOMMIT, 0, A, q.others());
        q.in(new Input.TimeoutElapsed(TimeoutKind.PRECOMMIT, h, 0));
        assertEquals(1, q.core.round());
        q.proposal(0, -1, A);
        assertNull(q.core.decision(), "valid(A) not known yet");
        List<Output> outs = q.in(new Input.ValueVerdict(h, A, true));
        Decide d = find(outs, Decide.class);
        assertEquals(A, d.valueId());
        assertEquals(0, d.round());
        assertEquals(3, d.precommits().size());
        assertEquals(Step.COMMIT, q.core.step());
        assertTrue(q.in(new Input.TimeoutElapsed(TimeoutKind.PROPOSE, h, 1)).isEmpty(), "decided: inert until NewHeight");
    }

    @Test
    void l50_neverDecidesAnInvalidValue() {
        Harness q = new Harness(f.nonProposer(0));
        q.verdict(A, false);
        q.proposal(0, -1, A);
        q.votes(VoteType.PRECOMMIT, 0, A, q.others());
        assertNull(q.core.decision());
    }

    @Test
    void l55_l56_skipsToARoundWithVotesFromMoreThanOneThird() {
        Harness p = new Harness(f.nonProposer(0));
        int[] o = p.others();
        p.in(new Input.VoteReceived(f.vote(o[0], VoteType.PREVOTE, h, 5, A)));
        assertEquals(0, p.core.round(), "1/4 of the power is not enough");
        p.in(new Input.VoteReceived(f.vote(o[1], VoteType.PRECOMMIT, h, 5, NIL)));
        assertEquals(5, p.core.round());
        assertEquals(Step.PROPOSE, p.core.step());
    }

    @Test
    void equivocationYieldsEvidenceOnceAndCountsTowardsEachValueButOnceForAny() {
        Harness p = new Harness(f.nonProposer(0));
        int[] o = p.others();
        p.in(new Input.VoteReceived(f.vote(o[0], VoteType.PREVOTE, h, 0, A)));
        List<Output> outs = p.in(new Input.VoteReceived(f.vote(o[0], VoteType.PREVOTE, h, 0, B)));
        Output.Evidence e = find(outs, Output.Evidence.class);
        assertEquals(A, e.evidence().getVoteA().getBlockId());
        assertEquals(B, e.evidence().getVoteB().getBlockId());
        assertEquals(h, e.evidence().getDetectedAtHeight());
        assertNull(find(p.in(new Input.VoteReceived(f.vote(o[0], VoteType.PREVOTE, h, 0, NIL))), Output.Evidence.class));
        VoteTally t = p.core.votes().prevotes(0);
        assertEquals(10, t.votedPower(), "the equivocator counts once for 2f+1 <PREVOTE, *>");
        assertEquals(10, t.powerFor(A));
        assertEquals(10, t.powerFor(B));
    }

    @Test
    void l36_aPolkaCompletedByAnEquivocatorIsSeenWhicheverVoteArrivedFirst() {
        int me = f.nonProposer(0);
        Harness p = new Harness(me);
        p.verdict(A, true);
        p.proposal(0, -1, A);
        int[] o = p.others();
        int byz = o[0] == f.proposerIndex(0) ? o[1] : o[0];
        p.in(new Input.VoteReceived(f.vote(byz, VoteType.PREVOTE, h, 0, NIL))); // its vote for the others
        for (int i : o) {
            if (i != byz) {
                p.in(new Input.VoteReceived(f.vote(i, VoteType.PREVOTE, h, 0, A)));
            }
        }
        assertEquals(-1, p.core.lockedRound(), "my own prevote is not fed back: 2 of 4 for A");
        p.in(new Input.VoteReceived(f.vote(byz, VoteType.PREVOTE, h, 0, A)));
        assertEquals(0, p.core.lockedRound());
        assertEquals(new BroadcastVote(VoteType.PRECOMMIT, h, 0, A), vote(p.last));
    }

    @Test
    void anEquivocatorCannotClaimUnboundedMemory() {
        Harness p = new Harness(f.nonProposer(0));
        int byz = p.others()[0];
        for (int i = 0; i < 10; i++) {
            p.in(new Input.VoteReceived(f.vote(byz, VoteType.PREVOTE, h, 0, Fixture.value("x" + i))));
        }
        int counted = 0;
        for (int i = 0; i < 10; i++) {
            counted += p.core.votes().prevotes(0).powerFor(Fixture.value("x" + i)) > 0 ? 1 : 0;
        }
        assertEquals(VoteTally.MAX_VALUES_PER_VALIDATOR, counted);
    }

    @Test
    void newHeightResetsLockAndMustAdvance() {
        Harness p = lockedOnAInRound0(f.nonProposer(0, 1));
        p.in(new Input.NewHeight(2, f.validators.nextHeight()));
        assertEquals(-1, p.core.lockedRound());
        assertNull(p.core.validValue());
        assertEquals(0, p.core.round());
        assertThrows(IllegalStateException.class, () -> p.core.apply(new Input.NewHeight(2, f.validators)));
    }

    @Test
    void nonValidatorFollowsWithoutVoting() {
        ConsensusCore observer = new ConsensusCore(ByteString.EMPTY, Fixture.TIMEOUTS);
        observer.apply(new Input.NewHeight(h, f.validators));
        observer.apply(new Input.ValueVerdict(h, A, true));
        List<Output> outs = observer.apply(new Input.ProposalReceived(h, 0, -1, A, f.address(f.proposerIndex(0))));
        assertNull(vote(outs));
        assertEquals(Step.PREVOTE, observer.step());
        for (int i = 0; i < 3; i++) {
            outs = observer.apply(new Input.VoteReceived(f.vote(i, VoteType.PRECOMMIT, h, 0, A)));
        }
        assertEquals(A, find(outs, Decide.class).valueId());
        assertFalse(outs.stream().anyMatch(o -> o instanceof BroadcastVote));
    }
}
