package org.wishledger.testnet.local;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a condition with a deadline, polling (no sleep-and-hope): the condition is re-checked
 * every {@code poll} until it holds or time runs out; the last failure is part of the timeout message.
 */
public final class Await {
    private Await() {
    }

    /** Thrown by a condition that can never become true (e.g. the process exited): stop waiting now. */
    public static final class GiveUp extends RuntimeException {
        public GiveUp(String message) {
            super(message);
        }
    }

    public static void until(String what, Duration timeout, Duration poll, Callable<Boolean> condition)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "condition was false";
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                lastProblem = "condition was false";
            } catch (InterruptedException | GiveUp e) {
                throw e;
            } catch (Exception e) {
                lastProblem = e.getMessage() != null ? e.getMessage() : e.toString();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new TimeoutException("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + " (last: " + lastProblem + ")");
            }
            Thread.sleep(poll.toMillis());
        }
    }
}
