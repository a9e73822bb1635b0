package org.wishledger.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wishledger.ledger.proto.Vote;

/**
 * The votes of one type in one round of one height: the first vote of each validator, the power behind
 * every value (nil = empty id) and the total power that voted. A validator's second, conflicting vote
 * is not counted (so at most one value can ever pass +2/3 while faulty power is below 1/3); the caller
 * turns it into evidence.
 */
public final class VoteTally {
    private final Validators validators;
    private final Vote[] byValidator;
    private final Map<ByteString, Long> powerByValue = new HashMap<>();
    private long votedPower;
    private ByteString quorumValue; // the value (possibly nil) with +2/3, once reached

    VoteTally(Validators validators) {
        this.validators = validators;
        this.byValidator = new Vote[validators.size()];
    }

    /** The validator's counted vote in this tally, or null. */
    public Vote voteOf(int validatorIndex) {
        return byValidator[validatorIndex];
    }

    /** Counts the first vote of a known validator (the caller checked {@link #voteOf} is null). */
    void add(int validatorIndex, Vote vote) {
        byValidator[validatorIndex] = vote;
        long power = validators.get(validatorIndex).power();
        votedPower += power;
        long forValue = powerByValue.merge(vote.getBlockId(), power, Long::sum);
        if (quorumValue == null && validators.isQuorum(forValue)) {
            quorumValue = vote.getBlockId();
        }
    }

    /** Power of the votes for {@code valueId} (empty = nil). */
    public long powerFor(ByteString valueId) {
        return powerByValue.getOrDefault(valueId, 0L);
    }

    /** Power of all counted votes, whatever their value: the paper's "2f + 1 ⟨..., ∗⟩" when a quorum. */
    public long votedPower() {
        return votedPower;
    }

    public boolean hasQuorumAny() {
        return validators.isQuorum(votedPower);
    }

    /** The value or nil (empty) that has +2/3 of the power, or null when none has (yet). */
    public ByteString quorumValue() {
        return quorumValue;
    }

    public boolean hasQuorumFor(ByteString valueId) {
        return valueId.equals(quorumValue);
    }

    /** The counted votes for {@code valueId}, in validator (address) order. */
    public List<Vote> votesFor(ByteString valueId) {
        List<Vote> out = new ArrayList<>();
        for (Vote v : byValidator) {
            if (v != null && v.getBlockId().equals(valueId)) {
                out.add(v);
            }
        }
        return out;
    }
}
