package org.wishledger.p2p;

/** What happened to a message handed to the peer layer. */
public enum SendResult {
    /** In the peer's send queue; it will be written unless the link closes first. */
    QUEUED,
    /** The channel's queue was full and its policy drops: the message is gone, the link lives. */
    DROPPED_QUEUE_FULL,
    /** The channel's queue was full and its policy disconnects: the link is being closed. */
    DISCONNECTED_QUEUE_FULL,
    /** No live link to that peer. */
    NOT_CONNECTED,
    /** Larger than the link's maximum frame: never sent (the peer would have to drop the link). */
    TOO_LARGE
}
