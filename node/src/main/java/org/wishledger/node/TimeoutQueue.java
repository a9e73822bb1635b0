package org.wishledger.node;

import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.wishledger.consensus.Input.TimeoutElapsed;

/**
 * The consensus timeouts that are due at a monotonic time. Owned by the consensus thread only. The core
 * ignores stale timeouts itself (a timeout of an old round or height), so nothing is ever cancelled.
 */
final class TimeoutQueue {
    private record Entry(long deadlineNanos, long seq, TimeoutElapsed timeout) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.deadlineNanos != b.deadlineNanos
            ? Long.compare(a.deadlineNanos, b.deadlineNanos) : Long.compare(a.seq, b.seq));
    private long seq;

    void schedule(long nowNanos, long delayMs, TimeoutElapsed timeout) {
        queue.add(new Entry(nowNanos + delayMs * 1_000_000L, seq++, timeout));
    }

    /** Hands every due timeout to the consumer, earliest first; returns how many fired. */
    int fireDue(long nowNanos, Consumer<TimeoutElapsed> consumer) {
        int fired = 0;
        while (!queue.isEmpty() && queue.peek().deadlineNanos <= nowNanos) {
            consumer.accept(queue.poll().timeout);
            fired++;
        }
        return fired;
    }
}
