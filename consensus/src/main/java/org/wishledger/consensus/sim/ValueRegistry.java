package org.wishledger.consensus.sim;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.wishledger.ledger.crypto.Sha256;

/**
 * The simulated "blocks": every value id a proposer ever created, whether it is valid (what the ledger's
 * validateBlock would say) and whether it was actually proposed. The validity property is checked
 * against this registry: a decided value must have been proposed and must be valid.
 */
final class ValueRegistry {
    private final long seed;
    private long counter;
    private final Map<ByteString, Boolean> validity = new HashMap<>();
    private final Set<ByteString> proposed = new HashSet<>();

    ValueRegistry(long seed) {
        this.seed = seed;
    }

    ByteString create(boolean valid) {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(seed).putLong(counter++);
        ByteString id = ByteString.copyFrom(Sha256.hash(b.array()));
        validity.put(id, valid);
        return id;
    }

    /** An id no proposer created (a Byzantine vote for "a random block"). */
    ByteString random() {
        ByteBuffer b = ByteBuffer.allocate(17).putLong(seed).putLong(counter++).put((byte) 1);
        return ByteString.copyFrom(Sha256.hash(b.array()));
    }

    boolean isValid(ByteString id) {
        return Boolean.TRUE.equals(validity.get(id));
    }

    void markProposed(ByteString id) {
        proposed.add(id);
    }

    boolean wasProposed(ByteString id) {
        return proposed.contains(id);
    }
}
