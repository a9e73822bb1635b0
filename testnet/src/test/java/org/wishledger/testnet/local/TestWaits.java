package org.wishledger.testnet.local;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility set up the way the testnet and cluster tests wait: the condition runs on the test thread
 * from the first poll on; an exception it throws (a node not answering yet) counts as "not yet" and
 * the last one is the cause of the timeout, except {@link Await.GiveUp} (the process exited), which
 * ends the wait at once. The CLI's own waiting ({@code testnet up}) stays on {@link Await}: production
 * code does not ship a test library.
 */
public final class TestWaits {
    private TestWaits() {
    }

    public static ConditionFactory await(String what, Duration timeout, Duration poll) {
        return Awaitility.await(what)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(poll)
                .pollInSameThread()
                .ignoreExceptionsMatching(e -> !(e instanceof Await.GiveUp));
    }
}
