package org.wishledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void growsExponentiallyWithJitterAndStopsAtTheCap() {
        long seed = 7;
        Backoff backoff = new Backoff(100, 2_000, seed);
        for (int attempt = 0; attempt < 40; attempt++) {
            long nominal = Math.min(2_000, 100L << Math.min(attempt, 30));
            long d = backoff.delayMillis(attempt);
            assertTrue(d >= nominal / 2 && d <= nominal, "attempt " + attempt + ": " + d + " not in [" + nominal / 2
                    + ", " + nominal + "] (seed " + seed + ")");
        }
        Backoff a = new Backoff(100, 2_000, seed);
        Backoff b = new Backoff(100, 2_000, seed);
        for (int i = 0; i < 10; i++) {
            assertEquals(a.delayMillis(i), b.delayMillis(i), "same seed, same delays");
        }
    }
}
