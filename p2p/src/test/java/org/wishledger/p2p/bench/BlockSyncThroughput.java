package org.wishledger.p2p.bench;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.SyncBlockResponse;
import org.wishledger.p2p.P2pConfig;
import org.wishledger.p2p.PeerAddress;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerListener;
import org.wishledger.p2p.PeerManager;
import org.wishledger.p2p.TestKeys;
import org.wishledger.p2p.sync.BlockSyncResponder;
import org.wishledger.p2p.sync.BlockSyncer;
import org.wishledger.p2p.sync.SyncerListener;
import org.wishledger.p2p.sync.SyncConfig;
import org.wishledger.p2p.sync.TestChain;

/**
 * Block sync over encrypted loopback links from two serving peers into a sink that checks only
 * structure (height, parent link, commit names the block): the transport's upper bound, before the
 * node's signature checks and LMDB writes. Args: blocks, txs per block.
 */
public final class BlockSyncThroughput {
    public static void main(String[] args) throws Exception {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int txs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        List<SyncBlockResponse> chain = TestChain.build(blocks, txs);
        ExecutorService reads = Executors.newFixedThreadPool(2);
        PeerManager s1 = server(1, chain, reads);
        PeerManager s2 = server(2, chain, reads);
        TestChain.Sink sink = new TestChain.Sink();
        SyncerListener listener = new SyncerListener();
        PeerManager node = new PeerManager(P2pConfig.builder(TestKeys.key(3), "bench").ioThreads(1)
                .persistentPeer(new PeerAddress("127.0.0.1", s1.listenAddress().getPort(), s1.localId()))
                .persistentPeer(new PeerAddress("127.0.0.1", s2.listenAddress().getPort(), s2.localId())).build(),
                listener);
        BlockSyncer syncer = listener.attach(new BlockSyncer(node, sink, SyncConfig.defaults(), (p, r) -> { }));
        long start = System.nanoTime();
        syncer.start();
        node.start();
        long height = syncer.caughtUp().get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = chain.stream().mapToLong(SyncBlockResponse::getSerializedSize).sum();
        System.out.printf("sync %d blocks x %d txs (%.1f MB): %.0f blocks/s, %,.0f txs/s, %.1f MB/s (%.2f s, height %d)%n",
                blocks, txs, bytes / 1e6, blocks / seconds, blocks * (double) txs / seconds, bytes / seconds / 1e6,
                seconds, height);
        System.exit(0);
    }

    private static PeerManager server(long seed, List<SyncBlockResponse> chain, ExecutorService reads) throws Exception {
        BlockSyncResponder[] responder = new BlockSyncResponder[1];
        PeerManager manager = new PeerManager(P2pConfig.builder(TestKeys.key(seed), "bench").ioThreads(1).build(),
                new PeerListener() {
                    @Override
                    public void onPeerConnected(PeerId peer) {
                    }

                    @Override
                    public void onMessage(PeerId peer, PeerMessage message) {
                        responder[0].handle(peer, message);
                    }

                    @Override
                    public void onPeerDisconnected(PeerId peer) {
                    }
                });
        responder[0] = new BlockSyncResponder(new TestChain.Source(chain), manager, reads);
        manager.start();
        return manager;
    }
}
