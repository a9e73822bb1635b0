package org.wishledger.p2p;

/**
 * The bound of one channel's per-peer send queue, by count and by bytes, and what happens when a
 * message does not fit. A single message larger than maxBytes is still accepted into an empty queue,
 * otherwise it could never be sent.
 */
public record QueueLimit(int maxMessages, long maxBytes, Overflow overflow) {
    public enum Overflow {
        /** Refuse the new message; the link stays up (best-effort gossip, re-requestable data). */
        DROP_NEWEST,
        /** Close the link: the peer cannot keep up and a reconnect resynchronises it. */
        DISCONNECT
    }

    public QueueLimit {
        if (maxMessages <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("queue limits must be positive");
        }
    }
}
