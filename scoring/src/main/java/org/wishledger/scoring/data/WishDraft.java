package org.wishledger.scoring.data;

import java.util.List;

/**
 * A wish as read from an import file, before it is signed and submitted (the CLI turns it into a Wish tx; the
 * ledger enforces the size limits of its genesis parameters).
 *
 * @param undesired null when absent
 * @param language  BCP-47 tag or null
 * @param parent    id of the wish this one adapts, or null
 */
public record WishDraft(String scenario, String desired, String undesired, String language, List<String> tags,
                        long burn, byte[] parent) {
    public WishDraft {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
