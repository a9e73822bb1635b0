package org.wishledger.consensus.sim;

import com.google.protobuf.ByteString;
import java.util.Map;
import org.wishledger.consensus.Input;
import org.wishledger.consensus.Output;
import org.wishledger.ledger.proto.Vote;

/** One-line renderings of inputs and outputs for traces: values as 8 hex digits, validators as vN. */
final class Describe {
    private final Map<ByteString, Integer> indexByAddress;

    Describe(Map<ByteString, Integer> indexByAddress) {
        this.indexByAddress = indexByAddress;
    }

    String who(ByteString address) {
        Integer i = indexByAddress.get(address);
        return i == null ? "?" : "v" + i;
    }

    String vote(Vote v) {
        return v.getType() + " h=" + v.getHeight() + " r=" + v.getRound() + " " + Checker.short8(v.getBlockId())
                + " by " + who(v.getValidator());
    }

    String input(Input in) {
        return switch (in) {
            case Input.NewHeight nh -> "NewHeight h=" + nh.height() + " " + nh.validators();
            case Input.ProposalReceived p -> "Proposal h=" + p.height() + " r=" + p.round() + " vr=" + p.polRound() + " "
                    + Checker.short8(p.valueId()) + " from " + who(p.proposer());
            case Input.ValueVerdict v -> "Verdict " + Checker.short8(v.valueId()) + (v.valid() ? " valid" : " INVALID");
            case Input.VoteReceived v -> "Vote " + vote(v.vote());
            case Input.TimeoutElapsed t -> "Timeout " + t.kind() + " h=" + t.height() + " r=" + t.round();
            case Input.ProposeValue pv -> "ProposeValue h=" + pv.height() + " r=" + pv.round() + " " + Checker.short8(pv.valueId());
        };
    }

    String output(Output out) {
        return switch (out) {
            case Output.BroadcastProposal p -> "PROPOSE h=" + p.height() + " r=" + p.round() + " vr=" + p.polRound() + " "
                    + Checker.short8(p.valueId());
            case Output.BroadcastVote v -> "VOTE " + v.type() + " h=" + v.height() + " r=" + v.round() + " "
                    + Checker.short8(v.valueId());
            case Output.ScheduleTimeout t -> "schedule " + t.kind() + " r=" + t.round() + " +" + t.durationMs() + "ms";
            case Output.RequestValue rv -> "RequestValue h=" + rv.height() + " r=" + rv.round();
            case Output.Decide d -> "DECIDE h=" + d.height() + " r=" + d.round() + " " + Checker.short8(d.valueId());
            case Output.Evidence e -> "EVIDENCE against " + who(e.evidence().getVoteA().getValidator());
        };
    }
}
