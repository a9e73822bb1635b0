package org.wishledger.testnet.scoringcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.rules.ChainParams;
import org.wishledger.scoring.data.WishDraft;

class WishTxsTest {
    private static final ChainParams P = ChainParams.DEFAULTS;

    @Test
    void aDraftBecomesAWishWithEveryField() {
        byte[] parent = new byte[32];
        parent[0] = 7;
        WishTxs.Prepared p = WishTxs.prepare(new WishDraft("s", "d", "u", "en", List.of("a", "b"), 42, parent), P, true);
        assertTrue(p.ok());
        assertEquals("s", p.wish().getScenario());
        assertEquals("d", p.wish().getDesired());
        assertEquals("u", p.wish().getUndesired());
        assertEquals("en", p.wish().getLanguage());
        assertEquals(List.of("a", "b"), p.wish().getTagsList());
        assertEquals(42, p.wish().getBurn());
        assertEquals(7, p.wish().getParent().byteAt(0));
        assertFalse(p.fitted());
    }

    @Test
    void aLongDialogueKeepsItsLastTurnsWithinTheLimit() {
        StringBuilder s = new StringBuilder("Human: first question");
        for (int i = 0; i < 200; i++) {
            s.append("\n\nAssistant: answer number ").append(i).append("\n\nHuman: follow-up é ").append(i);
        }
        String scenario = s.toString();
        WishTxs.Prepared p = WishTxs.prepare(new WishDraft(scenario, "d", null, null, List.of(), 1, null), P, true);
        assertTrue(p.ok());
        assertTrue(p.fitted());
        String kept = p.wish().getScenario();
        assertTrue(WishTxs.utf8(kept) <= P.maxScenarioBytes(), "kept " + WishTxs.utf8(kept) + " bytes");
        assertTrue(kept.startsWith("Human:"), kept.substring(0, 30));
        assertTrue(scenario.endsWith(kept), "the kept part is the dialogue's tail");
        assertTrue(kept.endsWith("follow-up é 199"));
    }

    @Test
    void withoutFittingAnOverlongScenarioIsSkippedAsTooLarge() {
        String scenario = "x".repeat(P.maxScenarioBytes() + 1);
        WishTxs.Prepared p = WishTxs.prepare(new WishDraft(scenario, "d", null, null, List.of(), 1, null), P, false);
        assertFalse(p.ok());
        assertEquals(ErrorCode.TOO_LARGE, p.skipCode());
    }

    @Test
    void unfitTextsAndTagsAreSkippedWithTheNodesCode() {
        assertEquals(ErrorCode.TOO_LARGE, WishTxs.prepare(new WishDraft("s", "é".repeat(P.maxTextBytes() / 2 + 1),
                null, null, List.of(), 1, null), P, true).skipCode());
        assertEquals(ErrorCode.TOO_LARGE, WishTxs.prepare(new WishDraft("s", "d", "u".repeat(P.maxTextBytes() + 1),
                null, List.of(), 1, null), P, true).skipCode());
        assertEquals(ErrorCode.TOO_LARGE, WishTxs.prepare(new WishDraft("s", "d", null, null,
                List.of("t".repeat(P.maxTagBytes() + 1)), 1, null), P, true).skipCode());
        assertEquals(ErrorCode.INVALID_FIELD, WishTxs.prepare(new WishDraft("s", "d", null, null, List.of(), 1,
                new byte[5]), P, true).skipCode());
        assertEquals(ErrorCode.EMPTY_FIELD, WishTxs.prepare(new WishDraft("s", "", null, null, List.of(), 1, null),
                P, true).skipCode());
    }

    @Test
    void theTailNeverStartsInsideAMultiByteCharacter() {
        String text = "é".repeat(100); // 200 bytes, no turn marker
        String tail = WishTxs.tail(text, 51);
        assertEquals("é".repeat(25), tail);
    }
}
