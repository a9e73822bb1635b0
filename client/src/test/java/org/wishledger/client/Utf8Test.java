package org.wishledger.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void cutsNeverSplitACharacterAndTakeAsMuchAsFits() {
        long seed = 5;
        SplittableRandom random = new SplittableRandom(seed);
        int[] pool = {'a', 'é', '€', 0x1F600, 'z'};
        for (int i = 0; i < 500; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(0, 40); n > 0; n--) {
                b.appendCodePoint(pool[random.nextInt(pool.length)]);
            }
            String s = b.toString();
            int max = random.nextInt(0, 100);
            String head = Utf8.head(s, max);
            String tail = Utf8.tail(s, max);
            String ctx = "seed " + seed + " case " + i;
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.length(s), ctx);
            assertTrue(s.startsWith(head) && s.endsWith(tail), ctx);
            assertTrue(Utf8.length(head) <= max && Utf8.length(tail) <= max, ctx);
            if (head.length() < s.length()) {
                assertTrue(Utf8.length(head + new String(Character.toChars(s.codePointAt(head.length())))) > max, ctx);
            }
            if (tail.length() < s.length()) {
                int before = s.codePointBefore(s.length() - tail.length());
                assertTrue(Utf8.length(new String(Character.toChars(before)) + tail) > max, ctx);
            }
        }
    }
}
