package org.wishledger.consensus.driver;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The current height's signed proposals (re-gossiped, and the carrier of the decided block), the block
 * cache (block id to a proposal that carries it: what the proposer re-proposes at L16 and what a decision
 * applies) and which blocks were sent for validation. Bounded: an equivocating proposer cannot grow it.
 */
final class HeightProposals<P> {
    private record Signed<P>(int round, ByteString blockId, ByteString proposer, P proposal) {
    }

    private final int max;
    private final List<Signed<P>> signed = new ArrayList<>();
    private final Map<ByteString, P> blocks = new HashMap<>();
    private final Set<ByteString> validationAsked = new HashSet<>();

    HeightProposals(int max) {
        this.max = max;
    }

    /** Adds a signed proposal; false if it is already known (or the height already holds {@code max}). */
    boolean add(P proposal, int round, ByteString blockId, ByteString proposer) {
        for (Signed<P> s : signed) {
            if (s.round == round && s.blockId.equals(blockId) && s.proposer.equals(proposer)) {
                return false;
            }
        }
        if (signed.size() >= max) {
            return false;
        }
        signed.add(new Signed<>(round, blockId, proposer, proposal));
        blocks.putIfAbsent(blockId, proposal);
        return true;
    }

    /** A block this process built: held (for L19 and L16) and never sent for validation. */
    void addBuilt(ByteString blockId, P unsigned) {
        blocks.put(blockId, unsigned);
        validationAsked.add(blockId);
    }

    /** True the first time a block is asked for: validate each block once per height. */
    boolean askValidation(ByteString blockId) {
        return validationAsked.add(blockId);
    }

    /** Any proposal that carries the block, or null. */
    P carrierOf(ByteString blockId) {
        return blocks.get(blockId);
    }

    /** The signed proposal of {@code round} for the block, else any carrier of it, else null. */
    P decided(int round, ByteString blockId) {
        for (Signed<P> s : signed) {
            if (s.round == round && s.blockId.equals(blockId)) {
                return s.proposal;
            }
        }
        return blocks.get(blockId);
    }

    void forEachSigned(Consumer<P> action) {
        for (Signed<P> s : signed) {
            action.accept(s.proposal);
        }
    }

    void clear() {
        signed.clear();
        blocks.clear();
        validationAsked.clear();
    }
}
