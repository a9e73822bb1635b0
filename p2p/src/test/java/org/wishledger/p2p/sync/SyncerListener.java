package org.wishledger.p2p.sync;

import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerListener;

/**
 * A peer listener that hands everything to a block syncer, as a node does for block-sync traffic. The
 * syncer needs the peer manager and the manager needs this listener, so the syncer is set after both exist.
 */
public final class SyncerListener implements PeerListener {
    private volatile BlockSyncer syncer;

    public BlockSyncer attach(BlockSyncer syncer) {
        this.syncer = syncer;
        return syncer;
    }

    @Override
    public void onPeerConnected(PeerId peer) {
        syncer.onPeerConnected(peer);
    }

    @Override
    public void onMessage(PeerId peer, PeerMessage message) {
        syncer.onMessage(peer, message);
    }

    @Override
    public void onPeerDisconnected(PeerId peer) {
        syncer.onPeerDisconnected(peer);
    }
}
