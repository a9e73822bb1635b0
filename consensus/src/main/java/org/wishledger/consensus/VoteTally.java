package org.wishledger.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wishledger.ledger.proto.Vote;

/**
 * The votes of one type in one round of one height, weighted by voting power.
 *
 * <p>As in the paper, "2f + 1 ⟨PREVOTE, h, r, id(v)⟩" counts the messages for id(v) from distinct
 * validators: a validator that equivocates counts towards each value it voted for (this is what lets
 * every honest node eventually see a polka that a Byzantine vote completed, however the network ordered
 * its conflicting votes; safety is unaffected because two +2/3 sets for different values would need more
 * than 1/3 of the power to equivocate). "2f + 1 ⟨PREVOTE, h, r, ∗⟩" counts every validator once. A
 * validator counts for at most {@link #MAX_VALUES_PER_VALIDATOR} values, which bounds the memory an
 * equivocator can claim.
 */
public final class VoteTally {
    static final int MAX_VALUES_PER_VALIDATOR = 4;

    /** What {@link #add} did. */
    enum Outcome { ADDED, EQUIVOCATION, DUPLICATE, DROPPED }

    private static final class ValueVotes {
        final Vote[] votes;
        long power;

        ValueVotes(int size) {
            votes = new Vote[size];
        }
    }

    private final Validators validators;
    private final Vote[] first;
    private final byte[] valuesOf;
    private final Map<ByteString, ValueVotes> byValue = new HashMap<>();
    private long votedPower;
    private ByteString quorumValue;

    VoteTally(Validators validators) {
        this.validators = validators;
        this.first = new Vote[validators.size()];
        this.valuesOf = new byte[validators.size()];
    }

    /** The validator's first vote in this tally, or null. */
    public Vote voteOf(int validatorIndex) {
        return first[validatorIndex];
    }

    /** Whether exactly this vote (same validator, same value) is already counted. */
    public boolean contains(int validatorIndex, Vote vote) {
        ValueVotes vv = byValue.get(vote.getBlockId());
        return vv != null && vv.votes[validatorIndex] != null;
    }

    Outcome add(int validatorIndex, Vote vote) {
        ValueVotes vv = byValue.get(vote.getBlockId());
        if (vv != null && vv.votes[validatorIndex] != null) {
            return Outcome.DUPLICATE;
        }
        if (valuesOf[validatorIndex] >= MAX_VALUES_PER_VALIDATOR) {
            return Outcome.DROPPED;
        }
        if (vv == null) {
            vv = new ValueVotes(first.length);
            byValue.put(vote.getBlockId(), vv);
        }
        long power = validators.get(validatorIndex).power();
        vv.votes[validatorIndex] = vote;
        vv.power += power;
        valuesOf[validatorIndex]++;
        if (quorumValue == null && validators.isQuorum(vv.power)) {
            quorumValue = vote.getBlockId();
        }
        if (first[validatorIndex] == null) {
            first[validatorIndex] = vote;
            votedPower += power;
            return Outcome.ADDED;
        }
        return Outcome.EQUIVOCATION;
    }

    /** Power of the validators that voted for {@code valueId} (empty = nil). */
    public long powerFor(ByteString valueId) {
        ValueVotes vv = byValue.get(valueId);
        return vv == null ? 0 : vv.power;
    }

    /** Power of the validators that voted at all, each once: the paper's "2f + 1 ⟨..., ∗⟩" when a quorum. */
    public long votedPower() {
        return votedPower;
    }

    public boolean hasQuorumAny() {
        return validators.isQuorum(votedPower);
    }

    /**
     * The first value (or nil, as an empty id) that gathered +2/3 of the power, or null. With less than
     * 1/3 of the power faulty no other value can ever reach +2/3 in the same tally.
     */
    public ByteString quorumValue() {
        return quorumValue;
    }

    public boolean hasQuorumFor(ByteString valueId) {
        return validators.isQuorum(powerFor(valueId));
    }

    /** Every counted vote, conflicting ones included (what a gossip layer relays). */
    public void forEachVote(java.util.function.Consumer<Vote> action) {
        for (ValueVotes vv : byValue.values()) {
            for (Vote v : vv.votes) {
                if (v != null) {
                    action.accept(v);
                }
            }
        }
    }

    /** The votes for {@code valueId}, in validator (address) order. */
    public List<Vote> votesFor(ByteString valueId) {
        List<Vote> out = new ArrayList<>();
        ValueVotes vv = byValue.get(valueId);
        if (vv != null) {
            for (Vote v : vv.votes) {
                if (v != null) {
                    out.add(v);
                }
            }
        }
        return out;
    }
}
