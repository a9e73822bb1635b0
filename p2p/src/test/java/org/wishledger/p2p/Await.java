package org.wishledger.p2p;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits on a condition with a deadline (no sleep-and-hope), through Awaitility: polled every 5 ms on
 * the test thread; on timeout the AssertionError says what did not happen, as the test describes it.
 */
public final class Await {
    private Await() {
    }

    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> whatFailed) {
        try {
            Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .pollInSameThread().until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms: " + whatFailed.get(), e);
        }
    }

    public static void until(BooleanSupplier condition, Supplier<String> whatFailed) {
        until(condition, Duration.ofSeconds(10), whatFailed);
    }
}
