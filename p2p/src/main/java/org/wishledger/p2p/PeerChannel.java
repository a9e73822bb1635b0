package org.wishledger.p2p;

import org.wishledger.ledger.proto.PeerMessage;

/**
 * The logical channels multiplexed over one link. Each has its own bounded send queue; the writer
 * serves CONSENSUS first (votes are small and latency-critical), then alternates MEMPOOL and BLOCKSYNC
 * so neither starves the other. LINK (ping/pong) bypasses the queues.
 */
public enum PeerChannel {
    CONSENSUS, MEMPOOL, BLOCKSYNC, LINK;

    /** The channel a message travels on, decided by its oneof case. */
    public static PeerChannel of(PeerMessage message) {
        return switch (message.getMessageCase()) {
            case PROPOSAL, VOTE, ROUND_STATE, HAS_VOTE, VOTE_SET_REQUEST -> CONSENSUS;
            case TXS -> MEMPOOL;
            case STATUS_REQUEST, STATUS, BLOCK_REQUEST, BLOCK_RESPONSE, NO_BLOCK,
                 SNAPSHOTS_REQUEST, SNAPSHOTS_OFFER, MANIFEST_REQUEST, MANIFEST_RESPONSE, CHUNK_REQUEST,
                 CHUNK_RESPONSE -> BLOCKSYNC;
            case PING, PONG -> LINK;
            case MESSAGE_NOT_SET -> throw new IllegalArgumentException("PeerMessage has no message set");
        };
    }
}
