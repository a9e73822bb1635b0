package org.wishledger.p2p;

import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * One channel's send queue for one peer: many producer threads (consensus, mempool, sync), one
 * consumer (the link's event loop). Bounded by count (the array queue's capacity, a power of two at
 * least maxMessages) and by the encoded bytes it holds, so a stalled peer costs at most the limit.
 */
final class OutboundQueue {
    private final QueueLimit limit;
    private final ManyToOneConcurrentArrayQueue<byte[]> queue;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();

    OutboundQueue(QueueLimit limit) {
        this.limit = limit;
        this.queue = new ManyToOneConcurrentArrayQueue<>(limit.maxMessages());
    }

    /** @return false when the message does not fit (the caller applies the channel's policy) */
    boolean offer(byte[] message) {
        long after = bytes.addAndGet(message.length);
        // Reserve first, then check, so concurrent producers can never jointly exceed the bound.
        if (after > limit.maxBytes() && after != message.length) {
            bytes.addAndGet(-message.length);
            overflows.incrementAndGet();
            return false;
        }
        if (!queue.offer(message)) {
            bytes.addAndGet(-message.length);
            overflows.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Consumer side only. */
    byte[] poll() {
        byte[] message = queue.poll();
        if (message != null) {
            bytes.addAndGet(-message.length);
        }
        return message;
    }

    void clear() {
        while (poll() != null) {
            // drop
        }
    }

    QueueLimit limit() {
        return limit;
    }

    long queuedBytes() {
        return bytes.get();
    }

    int queuedMessages() {
        return queue.size();
    }

    long overflows() {
        return overflows.get();
    }
}
