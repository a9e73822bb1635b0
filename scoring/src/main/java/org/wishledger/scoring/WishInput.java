package org.wishledger.scoring;

import java.util.List;
import java.util.Objects;

/**
 * One committed wish as the scoring engine sees it: plain data, no ledger types.
 *
 * @param id        the wish id (the ledger's tx hash; 1 to 32 bytes)
 * @param scenario  the situation the wish is about
 * @param desired   how the AI should behave (non-empty)
 * @param undesired how it should not behave; {@code null} or empty when the author gave none
 * @param burnTotal the wish's own burn plus all endorsement burns, in base units (unsigned, must fit in a long)
 * @param timeMs    block time of the block that committed it, Unix milliseconds
 * @param height    height of that block
 * @param tags      free-form tags, never null
 */
public record WishInput(byte[] id, String scenario, String desired, String undesired, long burnTotal, long timeMs,
                        long height, List<String> tags) {
    public static final int MAX_ID_BYTES = 32;

    public WishInput {
        Objects.requireNonNull(id, "id");
        if (id.length == 0 || id.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("wish id must be 1.." + MAX_ID_BYTES + " bytes, got " + id.length);
        }
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(desired, "desired");
        if (desired.isEmpty()) {
            throw new IllegalArgumentException("desired text must not be empty");
        }
        if (burnTotal < 0) {
            throw new IllegalArgumentException("burnTotal must be >= 0 (values above 2^63-1 are not supported)");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public boolean hasUndesired() {
        return undesired != null && !undesired.isEmpty();
    }
}
