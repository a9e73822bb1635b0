package org.wishledger.p2p;

import java.util.Random;

/**
 * Reconnect delays: exponential (base·2^attempt, capped at max) with "equal jitter" — half the delay
 * fixed, half uniformly random — so peers that lost each other at the same moment do not re-dial in
 * lock-step, yet never retry sooner than half the nominal delay. Seeded, so tests are repeatable.
 */
final class Backoff {
    private final long baseMillis;
    private final long maxMillis;
    private final Random random;

    Backoff(long baseMillis, long maxMillis, long seed) {
        if (baseMillis <= 0 || maxMillis < baseMillis) {
            throw new IllegalArgumentException("need 0 < base <= max, got " + baseMillis + ", " + maxMillis);
        }
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
        this.random = new Random(seed);
    }

    /** The delay before re-dial number {@code attempt} (0 = the first retry). */
    synchronized long delayMillis(int attempt) {
        long delay = Math.min(maxMillis, baseMillis << Math.min(attempt, 30));
        long half = delay / 2;
        return half + (long) (random.nextDouble() * (delay - half + 1));
    }
}
