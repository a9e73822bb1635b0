package org.wishledger.node;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ErrorCode;

/** POST /score's item count: over the batch limit is a 400 BAD_REQUEST, as docs/scoring.md says. */
class ScoreRequestLimitsTest {
    @Test
    void moreItemsThanTheBatchLimitAreABadRequest() {
        Rejection over = assertThrows(Rejection.class, () -> ScoringService.checkItemCount(ScoringService.MAX_ITEMS + 1));
        assertEquals(ErrorCode.BAD_REQUEST, over.code());
        assertEquals(ErrorCode.EMPTY_FIELD, assertThrows(Rejection.class, () -> ScoringService.checkItemCount(0)).code());
        assertDoesNotThrow(() -> ScoringService.checkItemCount(ScoringService.MAX_ITEMS));
        assertEquals(256, ScoringService.MAX_ITEMS);
    }
}
