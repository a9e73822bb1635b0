package org.wishledger.p2p.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateMeterTest {
    private static final long S = 1_000_000_000L;

    @Test
    void measuresOverTheLastFewSecondsOnly() {
        RateMeter meter = new RateMeter(3);
        assertEquals(0, meter.rateA(0, 0));
        // 100 blocks/s for 10 s, then 10 blocks/s: the window must forget the fast phase.
        long blocks = 0;
        for (int second = 0; second <= 10; second++) {
            meter.sample(second * S, blocks, blocks * 7);
            blocks += 100;
        }
        blocks -= 100;
        assertEquals(100, meter.rateA(10 * S, blocks), 1e-9);
        assertEquals(700, meter.rateB(10 * S, blocks * 7), 1e-9);
        for (int second = 11; second <= 15; second++) {
            blocks += 10;
            meter.sample(second * S, blocks, 0);
        }
        assertEquals(10, meter.rateA(15 * S, blocks), 1e-9);
        meter.sample(15 * S + S / 2, blocks + 5, 0); // within the same second: ignored
        assertEquals(10, meter.rateA(15 * S, blocks), 1e-9);
        meter.reset();
        assertEquals(0, meter.rateA(16 * S, 0));
    }
}
