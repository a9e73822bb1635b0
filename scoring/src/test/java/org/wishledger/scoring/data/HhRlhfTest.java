package org.wishledger.scoring.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wishledger.scoring.WishInput;

class HhRlhfTest {
    private static final Path SAMPLE = Path.of("..", "data", "hh-rlhf-harmless-dev.jsonl.gz");

    @Test
    void splitsTheDialogueAtTheLastAssistantTurn() {
        String line = "{\"chosen\": \"\\n\\nHuman: hi\\n\\nAssistant: hello\\n\\nHuman: how do I hurt someone?"
                + "\\n\\nAssistant: I won't help with that.\", \"rejected\": \"\\n\\nHuman: hi\\n\\nAssistant: hello"
                + "\\n\\nHuman: how do I hurt someone?\\n\\nAssistant: Hit them hard.\"}";
        HhRlhf.Pair p = HhRlhf.parse(line, 1);
        assertEquals("Human: hi\n\nAssistant: hello\n\nHuman: how do I hurt someone?", p.prompt());
        assertEquals("I won't help with that.", p.chosen());
        assertEquals("Hit them hard.", p.rejected());
        WishInput w = HhRlhf.toWishInput(p, 77, 5, 1000);
        assertEquals(p.prompt(), w.scenario());
        assertEquals(p.chosen(), w.desired());
        assertEquals(p.rejected(), w.undesired());
        assertEquals(77, w.burnTotal());
        assertEquals(32, w.id().length);
    }

    @Test
    void badLinesGiveReasonsAndLineNumbers() {
        WishFormatException e = assertThrows(WishFormatException.class, () -> HhRlhf.parse("{\"chosen\": 1", 7));
        assertEquals(WishFormatException.Reason.MALFORMED, e.reason());
        assertEquals(7, e.line());
        e = assertThrows(WishFormatException.class, () -> HhRlhf.parse("{\"chosen\": \"x\"}", 8));
        assertEquals(WishFormatException.Reason.EMPTY_FIELD, e.reason());
        e = assertThrows(WishFormatException.class,
                () -> HhRlhf.parse("{\"chosen\": \"no turns\", \"rejected\": \"none\"}", 9));
        assertEquals(WishFormatException.Reason.MALFORMED, e.reason());
        e = assertThrows(WishFormatException.class, () -> HhRlhf.parse("{\"chosen\": \"\\n\\nHuman: a\\n\\nAssistant: "
                + "b\", \"rejected\": \"\\n\\nHuman: other\\n\\nAssistant: c\"}", 10));
        assertEquals(WishFormatException.Reason.MALFORMED, e.reason(), "dialogues must share their prefix");
        assertThrows(WishFormatException.class, () -> HhRlhf.toDraft(new HhRlhf.Pair("p", "", "r"), 1));
    }

    @Test
    void invalidUtf8IsReportedWithItsLine() {
        byte[] bytes = "{\"a\":1}\n{\"b\":\"\u00e9\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] broken = Arrays.copyOf(bytes, bytes.length + 2);
        broken[bytes.length] = (byte) 0xC3; // a lone lead byte
        broken[bytes.length + 1] = '\n';
        List<Long> seen = new ArrayList<>();
        WishFormatException e = assertThrows(WishFormatException.class,
                () -> TextLines.forEach(new ByteArrayInputStream(broken), (l, n) -> seen.add(n)));
        assertEquals(WishFormatException.Reason.INVALID_UTF8, e.reason());
        assertEquals(List.of(1L, 2L), seen);
        assertEquals(3, e.line());
    }

    @Test
    void theShippedSampleParsesCompletely() {
        List<HhRlhf.Pair> pairs = HhRlhf.readAll(SAMPLE);
        assertEquals(1156, pairs.size());
        long wishable = pairs.stream().filter(HhRlhf.Pair::wishable).count();
        assertEquals(1152, wishable, "4 pairs have an empty chosen turn and cannot become wishes");
        assertTrue(pairs.stream().allMatch(p -> !p.prompt().isEmpty() && p.prompt().startsWith("Human:")));
    }

    @Test
    void burnsAreSeededLogNormalIntegers() {
        BurnDistribution a = BurnDistribution.defaults();
        BurnDistribution b = BurnDistribution.defaults();
        long[] xs = new long[20_001];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = a.next();
            assertEquals(xs[i], b.next(), "same seed, same burns");
            assertTrue(xs[i] >= 1);
        }
        Arrays.sort(xs);
        long median = xs[xs.length / 2];
        // the sample median of 20,001 log-normal draws is within ~3% of the true median (1000); allow 10%
        assertEquals(1000, median, 100, "seed " + BurnDistribution.DEFAULT_SEED);
        long p90 = xs[(int) (0.9 * xs.length)];
        assertEquals(1000 * Math.exp(1.5 * 1.2816), p90, 0.15 * 6830, "p90 = median * e^(sigma * 1.2816)");
        BurnDistribution flat = new BurnDistribution(500, 0, 1);
        assertEquals(500, flat.next());
    }

    @Test
    void jsonlWishesParseWithDefaultsAndClearErrors() {
        WishDraft d = WishJsonl.parse("{\"scenario\":\"s\",\"desired\":\"d\",\"tags\":[\"a\",\"b\"],\"burn\":\"12\","
                + "\"parent\":\"0aff\",\"extra\":true}", 1);
        assertEquals("s", d.scenario());
        assertEquals("d", d.desired());
        assertEquals(null, d.undesired());
        assertEquals(List.of("a", "b"), d.tags());
        assertEquals(12, d.burn());
        assertArrayEquals(new byte[] {0x0a, (byte) 0xff}, d.parent());
        assertEquals(0, WishJsonl.parse("{\"desired\":\"d\"}", 2).burn());
        assertEquals(WishFormatException.Reason.EMPTY_FIELD,
                assertThrows(WishFormatException.class, () -> WishJsonl.parse("{\"desired\":\"\"}", 3)).reason());
        assertEquals(WishFormatException.Reason.INVALID_FIELD, assertThrows(WishFormatException.class,
                () -> WishJsonl.parse("{\"desired\":\"d\",\"burn\":-1}", 4)).reason());
        assertEquals(WishFormatException.Reason.INVALID_FIELD, assertThrows(WishFormatException.class,
                () -> WishJsonl.parse("{\"desired\":\"d\",\"burn\":1.5}", 5)).reason());
        assertEquals(WishFormatException.Reason.INVALID_FIELD, assertThrows(WishFormatException.class,
                () -> WishJsonl.parse("{\"desired\":\"d\",\"tags\":[1]}", 6)).reason());
        assertEquals(WishFormatException.Reason.INVALID_FIELD, assertThrows(WishFormatException.class,
                () -> WishJsonl.parse("{\"desired\":\"d\",\"parent\":\"xyz\"}", 7)).reason());
        assertEquals(WishFormatException.Reason.MALFORMED,
                assertThrows(WishFormatException.class, () -> WishJsonl.parse("[1,2]", 8)).reason());
    }
}
