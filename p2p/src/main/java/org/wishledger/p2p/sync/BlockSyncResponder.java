package org.wishledger.p2p.sync;

import java.util.concurrent.Executor;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.SyncNoBlock;
import org.wishledger.ledger.proto.SyncStatus;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerSender;

/**
 * The serving side of block sync: answers SyncStatusRequest with this node's (height, base) and
 * SyncBlockRequest with the block and its commit, or SyncNoBlock. Store reads run on the given
 * executor, never on the Netty thread that delivered the request.
 */
public final class BlockSyncResponder {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BlockSyncResponder.class);

    private final BlockSource source;
    private final PeerSender peers;
    private final Executor executor;

    public BlockSyncResponder(BlockSource source, PeerSender peers, Executor executor) {
        this.source = source;
        this.peers = peers;
        this.executor = executor;
    }

    /** @return true if the message was a request this responder handles */
    public boolean handle(PeerId peer, PeerMessage message) {
        switch (message.getMessageCase()) {
            case STATUS_REQUEST -> submit(() -> peers.send(peer, statusMessage()));
            case BLOCK_REQUEST -> {
                long height = message.getBlockRequest().getHeight();
                submit(() -> peers.send(peer, source.load(height)
                        .map(response -> PeerMessage.newBuilder().setBlockResponse(response).build())
                        .orElseGet(() -> PeerMessage.newBuilder()
                                .setNoBlock(SyncNoBlock.newBuilder().setHeight(height)).build())));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Tells every peer this node's height (call after each commit so syncing peers see new targets). */
    public void announce() {
        peers.broadcast(statusMessage());
    }

    private PeerMessage statusMessage() {
        return PeerMessage.newBuilder().setStatus(SyncStatus.newBuilder()
                .setHeight(source.height()).setBase(source.base())).build();
    }

    private void submit(Runnable task) {
        SyncThreads.submit(executor, task, LOG, "serving a block-sync request");
    }
}
