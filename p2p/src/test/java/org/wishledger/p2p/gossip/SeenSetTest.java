package org.wishledger.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.crypto.Sha256;

class SeenSetTest {
    private static byte[] h(int i) {
        return Sha256.hash(Integer.toString(i).getBytes());
    }

    @Test
    void remembersUpToItsCapacityOldestOut() {
        SeenSet set = new SeenSet(100, 60_000);
        for (int i = 0; i < 150; i++) {
            assertTrue(set.add(h(i)), "first sight of " + i);
        }
        assertEquals(100, set.size());
        assertFalse(set.contains(h(49)), "evicted");
        assertTrue(set.contains(h(50)));
        assertFalse(set.add(h(149)), "a duplicate is not news");
        assertTrue(set.add(h(0)), "forgotten, so news again");
    }

    @Test
    void forgetsAfterTheTimeToLive() {
        AtomicLong now = new AtomicLong();
        SeenSet set = new SeenSet(1000, 1_000, now::get);
        set.add(h(1));
        now.addAndGet(600_000_000L);
        set.add(h(2));
        assertFalse(set.add(h(1)), "still remembered at 0.6 s");
        now.addAndGet(500_000_000L);
        assertFalse(set.contains(h(1)), "gone at 1.1 s");
        assertTrue(set.contains(h(2)));
        assertEquals(1, set.size());
    }
}
