package org.wishledger.consensus.sim;

/** What a Byzantine validator of the simulator does. */
public enum ByzantineBehaviour {
    /** Sends nothing at all. */
    SILENT,
    /** As proposer, sends different proposals to different halves of the network. */
    EQUIVOCATING_PROPOSER,
    /** Sends each vote for one value to some validators and for another to the rest. */
    DOUBLE_VOTING,
    /** Votes for block ids nobody proposed, in the current and in future rounds. */
    RANDOM_VOTES,
    /** Equivocating proposals and double votes together. */
    EQUIVOCATE_ALL,
    /**
     * Aims at the locking rule, together with the network adversary (before GST): in a round after which
     * it proposes, it makes one honest validator miss the polka, lets exactly one other decide, holds that
     * one's messages until GST, and then proposes a fresh value and backs it (see ByzantineNode#lockAttack).
     */
    LOCK_ATTACK
}
