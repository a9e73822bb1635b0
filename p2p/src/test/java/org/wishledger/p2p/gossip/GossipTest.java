package org.wishledger.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wishledger.p2p.P2pTestNodes.addressOf;
import static org.wishledger.p2p.P2pTestNodes.config;
import static org.wishledger.p2p.P2pTestNodes.markerOf;
import static org.wishledger.p2p.P2pTestNodes.txMessage;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.PeerRoundState;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;
import org.wishledger.p2p.Await;
import org.wishledger.p2p.P2pTestNodes;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerManager;
import org.wishledger.p2p.RecordingListener;
import org.wishledger.p2p.TestKeys;

/** Flood gossip over a line of real nodes A - B - C: everyone gets a tx once, nobody gets it echoed. */
class GossipTest {
    private final P2pTestNodes nodes = new P2pTestNodes();

    @AfterEach
    void tearDown() throws Exception {
        nodes.close();
    }

    /** A node that relays every tx it has not seen, as the node's mempool reactor would. */
    private static final class RelayingNode extends RecordingListener {
        Gossip gossip;

        @Override
        public void onMessage(PeerId peer, PeerMessage message) {
            super.onMessage(peer, message);
            if (message.hasTxs() && !markerOf(message).startsWith("marker")) {
                List<Tx> txs = message.getTxs().getTxsList();
                List<byte[]> hashes = txs.stream().map(Hashes::txHash).toList();
                if (gossip.receivedFrom(peer, hashes.get(0))) {
                    gossip.relayTxs(txs, hashes);
                }
            }
        }

        @Override
        public void onPeerDisconnected(PeerId peer) {
            super.onPeerDisconnected(peer);
            gossip.peerDisconnected(peer);
        }
    }

    private RelayingNode[] line() throws Exception {
        RelayingNode a = new RelayingNode();
        RelayingNode b = new RelayingNode();
        RelayingNode c = new RelayingNode();
        PeerManager ma = nodes.start(config(TestKeys.key(31)).build(), a);
        PeerManager mb = nodes.start(config(TestKeys.key(32)).persistentPeer(addressOf(ma)).build(), b);
        PeerManager mc = nodes.start(config(TestKeys.key(33)).persistentPeer(addressOf(mb)).build(), c);
        a.gossip = new Gossip(ma, 10_000, 1_000, 60_000, 256 << 10);
        b.gossip = new Gossip(mb, 10_000, 1_000, 60_000, 256 << 10);
        c.gossip = new Gossip(mc, 10_000, 1_000, 60_000, 256 << 10);
        Await.until(() -> ma.peers().size() == 1 && mb.peers().size() == 2 && mc.peers().size() == 1,
                () -> "line A-B-C did not form");
        managers = new PeerManager[] {ma, mb, mc};
        return new RelayingNode[] {a, b, c};
    }

    private PeerManager[] managers;

    @Test
    void aTxReachesEveryNodeExactlyOnceAndIsNeverEchoed() throws Exception {
        RelayingNode[] n = line();
        PeerMessage txMessage = txMessage("wish-1", 300);
        Tx tx = txMessage.getTxs().getTxs(0);
        byte[] hash = Hashes.txHash(tx);
        n[0].gossip.seenLocally(hash);
        n[0].gossip.relayTxs(List.of(tx), List.of(hash));

        Await.until(() -> n[2].messages.size() == 1, () -> "C should receive the tx via B");
        // Per-link order is FIFO: once these markers arrive, any echo sent before them has arrived too.
        managers[1].send(managers[0].localId(), txMessage("marker-b", 10));
        managers[2].send(managers[1].localId(), txMessage("marker-c", 10));
        Await.until(() -> n[0].messages.size() >= 1 && n[1].messages.size() >= 2, () -> "markers");
        assertEquals(List.of("marker-b"), n[0].messages.stream().map(r -> markerOf(r.message())).toList(),
                "A must not get its own tx back");
        assertEquals(List.of("wish-1", "marker-c"), n[1].messages.stream().map(r -> markerOf(r.message())).toList(),
                "B gets the tx once, and C does not echo it");
        assertEquals(0, n[0].gossip.relay(hash, txMessage), "every peer of A already has it");
    }

    @Test
    void aLaggingPeerGetsExactlyTheVotesItLacks() throws Exception {
        RecordingListener la = new RecordingListener();
        RecordingListener lb = new RecordingListener();
        PeerManager a = nodes.start(config(TestKeys.key(34)).build(), la);
        PeerManager b = nodes.start(config(TestKeys.key(35)).persistentPeer(addressOf(a)).build(), lb);
        Await.until(() -> a.peers().contains(b.localId()), () -> "link");
        Gossip gossip = new Gossip(a, 1_000, 1_000, 60_000, 64 << 10);
        PeerRoundStates rounds = new PeerRoundStates();

        List<PeerMessage> votes = new java.util.ArrayList<>();
        List<byte[]> hashes = new java.util.ArrayList<>();
        for (int v = 0; v < 4; v++) {
            Vote vote = Vote.newBuilder().setType(VoteType.PREVOTE).setHeight(9).setRound(0)
                    .setValidator(com.google.protobuf.ByteString.copyFrom(new byte[] {(byte) v})).build();
            votes.add(PeerMessage.newBuilder().setVote(vote).build());
            hashes.add(org.wishledger.ledger.crypto.Sha256.hash(vote.toByteArray()));
        }
        // B told A it has vote 1 (PeerHasVote), and announces it is still proposing in height 9.
        gossip.peerHas(b.localId(), hashes.get(1));
        rounds.update(b.localId(), PeerRoundState.newBuilder().setHeight(9).setRound(0).setStep(1).build());
        assertTrue(rounds.lagsWithinHeight(b.localId(), 9, 0, 2));

        assertEquals(3, gossip.sendMissing(b.localId(), hashes, votes));
        assertEquals(0, gossip.sendMissing(b.localId(), hashes, votes), "nothing twice");
        Await.until(() -> lb.messages.size() == 3, () -> "three votes");
        assertEquals(List.of(0, 2, 3), lb.messages.stream()
                .map(r -> (int) r.message().getVote().getValidator().byteAt(0)).toList());
    }
}
