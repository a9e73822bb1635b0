package org.wishledger.p2p.sync;

import java.util.List;
import java.util.concurrent.Executor;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.SnapshotChunkResponse;
import org.wishledger.ledger.proto.SnapshotManifestResponse;
import org.wishledger.ledger.proto.SnapshotsOffer;
import org.wishledger.ledger.store.SnapshotStore;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerSender;

/**
 * The serving side of state sync: answers SnapshotsRequest with the heights of the snapshots held,
 * SnapshotManifestRequest with the manifest, SnapshotChunkRequest with one chunk's bytes (found = false
 * once pruned). Every answer is one bounded message (a chunk is ~1 MiB, under the 8 MiB frame cap); file
 * reads run on the given executor, never on the Netty thread. The requester verifies what it gets.
 */
public final class SnapshotResponder {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnapshotResponder.class);

    private final SnapshotStore snapshots;
    private final PeerSender peers;
    private final Executor executor;

    public SnapshotResponder(SnapshotStore snapshots, PeerSender peers, Executor executor) {
        this.snapshots = snapshots;
        this.peers = peers;
        this.executor = executor;
    }

    /** @return true if the message was a state-sync request this responder handles */
    public boolean handle(PeerId peer, PeerMessage message) {
        switch (message.getMessageCase()) {
            case SNAPSHOTS_REQUEST -> submit(() -> {
                List<Long> heights = snapshots.heights();
                peers.send(peer, PeerMessage.newBuilder()
                        .setSnapshotsOffer(SnapshotsOffer.newBuilder().addAllHeights(heights)).build());
            });
            case MANIFEST_REQUEST -> {
                long height = message.getManifestRequest().getHeight();
                submit(() -> {
                    SnapshotManifestResponse.Builder r = SnapshotManifestResponse.newBuilder().setHeight(height);
                    snapshots.manifest(height).ifPresent(m -> r.setFound(true).setManifest(m));
                    peers.send(peer, PeerMessage.newBuilder().setManifestResponse(r).build());
                });
            }
            case CHUNK_REQUEST -> {
                long height = message.getChunkRequest().getHeight();
                int index = message.getChunkRequest().getIndex();
                submit(() -> {
                    SnapshotChunkResponse.Builder r = SnapshotChunkResponse.newBuilder().setHeight(height).setIndex(index);
                    snapshots.chunk(height, index).ifPresent(bytes ->
                            r.setFound(true).setChunk(com.google.protobuf.UnsafeByteOperations.unsafeWrap(bytes)));
                    peers.send(peer, PeerMessage.newBuilder().setChunkResponse(r).build());
                });
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void submit(Runnable task) { // a failure is e.g. the snapshot pruned mid-read: logged, no answer
        SyncThreads.submit(executor, task, LOG, "serving a state-sync request");
    }
}
