package org.wishledger.consensus;

import com.google.protobuf.ByteString;
import java.util.Map;
import java.util.TreeMap;
import org.wishledger.ledger.proto.DuplicateVoteEvidence;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;

/**
 * All votes of one height, by round and type, with power-weighted tallies (see {@link VoteTally}) and
 * equivocation detection. Votes arrive signature-verified from the host; the keeper checks only what
 * it can see: the height, a known validator, a vote type.
 *
 * <p>It also answers the round-skip question of line 55: which rounds above the current one hold votes
 * (of any type) from validators with more than 1/3 of the power.
 */
public final class VoteKeeper {
    /** What happened to an added vote: counted, already known, or refused (reason says why). */
    public enum Status { ADDED, DUPLICATE, REJECTED }

    /**
     * The outcome of {@link #add}. Evidence is set the first time a validator's vote conflicts with its
     * earlier one in the same (round, type); the conflicting vote is still counted for its own value.
     */
    public record AddResult(Status status, DuplicateVoteEvidence evidence, String reason) {
        static final AddResult ADDED = new AddResult(Status.ADDED, null, null);
        static final AddResult DUPLICATE = new AddResult(Status.DUPLICATE, null, null);
    }

    private final long height;
    private final Validators validators;
    private final TreeMap<Integer, RoundVotes> rounds = new TreeMap<>();

    /** Per round: one tally per vote type, and the validators that sent anything in the round. */
    private static final class RoundVotes {
        final VoteTally prevotes;
        final VoteTally precommits;
        final boolean[] seen;
        final boolean[] reported; // equivocation already reported, per validator (any type)
        long seenPower;

        RoundVotes(Validators validators) {
            prevotes = new VoteTally(validators);
            precommits = new VoteTally(validators);
            seen = new boolean[validators.size()];
            reported = new boolean[validators.size() * 2];
        }
    }

    public VoteKeeper(long height, Validators validators) {
        this.height = height;
        this.validators = validators;
    }

    public long height() {
        return height;
    }

    public AddResult add(Vote vote) {
        if (vote.getHeight() != height) {
            return new AddResult(Status.REJECTED, null, "vote for height " + vote.getHeight() + ", keeper is at " + height);
        }
        if (vote.getRound() < 0) { // uint32 above 2^31 - 1: no honest validator gets there
            return new AddResult(Status.REJECTED, null, "vote round out of range");
        }
        int index = validators.indexOf(vote.getValidator());
        if (index < 0) {
            return new AddResult(Status.REJECTED, null, "vote from a validator outside the set");
        }
        if (vote.getType() != VoteType.PREVOTE && vote.getType() != VoteType.PRECOMMIT) {
            return new AddResult(Status.REJECTED, null, "vote type " + vote.getType());
        }
        RoundVotes rv = rounds.computeIfAbsent(vote.getRound(), r -> new RoundVotes(validators));
        VoteTally tally = vote.getType() == VoteType.PREVOTE ? rv.prevotes : rv.precommits;
        Vote earlier = tally.voteOf(index);
        switch (tally.add(index, vote)) {
            case DUPLICATE -> {
                return AddResult.DUPLICATE;
            }
            case DROPPED -> {
                return new AddResult(Status.REJECTED, null, "validator voted for too many values in one round");
            }
            case ADDED -> {
                if (!rv.seen[index]) {
                    rv.seen[index] = true;
                    rv.seenPower += validators.get(index).power();
                }
                return AddResult.ADDED;
            }
            case EQUIVOCATION -> {
                int slot = index * 2 + (vote.getType() == VoteType.PREVOTE ? 0 : 1);
                if (rv.reported[slot]) {
                    return AddResult.ADDED;
                }
                rv.reported[slot] = true;
                DuplicateVoteEvidence evidence = DuplicateVoteEvidence.newBuilder()
                        .setVoteA(earlier)
                        .setVoteB(vote)
                        .setDetectedAtHeight(height)
                        .build();
                return new AddResult(Status.ADDED, evidence, "conflicting vote");
            }
            default -> throw new AssertionError();
        }
    }

    /** The tally of {@code type} in {@code round}; an empty tally when nothing arrived. */
    public VoteTally tally(int round, VoteType type) {
        RoundVotes rv = rounds.get(round);
        if (rv == null) {
            return null;
        }
        return type == VoteType.PREVOTE ? rv.prevotes : rv.precommits;
    }

    public VoteTally prevotes(int round) {
        return tally(round, VoteType.PREVOTE);
    }

    public VoteTally precommits(int round) {
        return tally(round, VoteType.PRECOMMIT);
    }

    /** Line 36's and 28's "2f + 1 ⟨PREVOTE, h, round, id(v)⟩". */
    public boolean hasPrevoteQuorumFor(int round, ByteString valueId) {
        VoteTally t = prevotes(round);
        return t != null && t.hasQuorumFor(valueId);
    }

    /**
     * Line 55: the highest round above {@code round} in which validators with more than 1/3 of the
     * power sent votes, or -1.
     */
    public int highestRoundWithOneThirdAbove(int round) {
        for (Map.Entry<Integer, RoundVotes> e : rounds.descendingMap().entrySet()) {
            if (e.getKey() <= round) {
                break;
            }
            if (validators.isOneThird(e.getValue().seenPower)) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** Rounds that hold any vote, lowest first (for line 49's "any round r"). */
    public Iterable<Integer> rounds() {
        return rounds.keySet();
    }

    /** Every counted vote of this height, all rounds and types (for relaying by the host's gossip). */
    public java.util.List<Vote> allVotes() {
        java.util.List<Vote> out = new java.util.ArrayList<>();
        for (RoundVotes rv : rounds.values()) {
            rv.prevotes.forEachVote(out::add);
            rv.precommits.forEachVote(out::add);
        }
        return out;
    }

    /** All counted votes of a validator in this height (the host rebroadcasts its own after a restart). */
    public java.util.List<Vote> votesOf(ByteString validator) {
        java.util.List<Vote> out = new java.util.ArrayList<>();
        int index = validators.indexOf(validator);
        if (index < 0) {
            return out;
        }
        for (RoundVotes rv : rounds.values()) {
            if (rv.prevotes.voteOf(index) != null) {
                out.add(rv.prevotes.voteOf(index));
            }
            if (rv.precommits.voteOf(index) != null) {
                out.add(rv.precommits.voteOf(index));
            }
        }
        return out;
    }

}
