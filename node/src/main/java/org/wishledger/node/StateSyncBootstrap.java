package org.wishledger.node;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.p2p.P2pConfig;
import org.wishledger.p2p.PeerAddress;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerListener;
import org.wishledger.p2p.PeerManager;
import org.wishledger.p2p.sync.StateSyncConfig;
import org.wishledger.p2p.sync.StateSyncer;
import org.wishledger.rules.Rules;
import org.wishledger.client.HostPort;

/**
 * The state-sync phase of a node whose store is empty, run before anything else of the node exists:
 * its own short-lived peer layer (same node key, dials the persistent peers, listens on an ephemeral
 * port so the node's real p2p port stays free) feeds a {@link StateSyncer} until the snapshot is
 * restored. Then the node starts as usual on a store at the snapshot's height, block-syncs the heights
 * after it and joins consensus. Why a phase of its own: everything the node wires (rules, mempool,
 * consensus) reads a store that has a genesis or a state, which an empty store has neither of.
 */
final class StateSyncBootstrap {
    private static final NodeLog LOG = NodeLog.of("state-sync");

    private StateSyncBootstrap() {
    }

    /** @return the restored snapshot's manifest, or empty when no peer offered one (block sync from genesis) */
    static Optional<SnapshotManifest> run(HomeConfig home, LedgerStore store) throws Exception {
        if (store.restoringSnapshot().isPresent()) {
            throw new IllegalStateException("an earlier state sync into " + store.directory()
                    + " was interrupted; delete the data directory and start again");
        }
        String chainId = home.genesis().getChainId();
        HostPort listen = HostPort.parse(home.config().getP2PListen());
        P2pConfig.Builder p2p = P2pConfig.builder(home.nodeKey(), chainId).listen(listen.host(), 0);
        for (var peer : home.config().getPersistentPeersList()) {
            p2p.persistentPeer(PeerAddress.parse(peer.getNodeKey(), peer.getAddress()));
        }
        LedgerStateSink sink = new LedgerStateSink(store, new Rules(home.genesis()), home.genesis().toByteArray());
        Forward forward = new Forward();
        try (PeerManager peers = new PeerManager(p2p.build(), forward);
             StateSyncer syncer = new StateSyncer(peers, sink, StateSyncConfig.defaults(), peers::disconnect)) {
            forward.syncer = syncer;
            LOG.info("state sync: the store is empty; looking for snapshots", "peers",
                    home.config().getPersistentPeersCount());
            peers.start();
            syncer.start();
            try {
                return syncer.done().get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception c ? c : e;
            }
        }
    }

    /** Netty threads hand peer events to the syncer (set before the peer layer starts). */
    static final class Forward implements PeerListener {
        volatile StateSyncer syncer;

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
}
