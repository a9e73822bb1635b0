package org.wishledger.p2p.gossip;

import java.util.ArrayList;
import java.util.List;
import org.wishledger.ledger.proto.GossipTxs;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerSender;
import org.wishledger.p2p.SendResult;

/**
 * Flood gossip with deduplication, for txs and votes: the node asks {@link #receivedFrom} whether an
 * item from a peer is news (and so worth checking), and after accepting an item it calls
 * {@link #relay} / {@link #relayTxs}, which send it to exactly the peers not known to have it.
 *
 * <p>A tx that fails checkTx stays in the seen set, so a peer cannot make the node re-verify the
 * same bad signature over and over within the TTL.
 */
public final class Gossip {
    private final PeerSender peers;
    private final SeenSet seen;
    private final PeerKnowledge knowledge;
    private final int maxBatchBytes;

    /**
     * @param seenCapacity hashes remembered node-wide (e.g. 4x the mempool's tx capacity)
     * @param perPeerCapacity hashes remembered per peer
     * @param ttlMillis how long a hash is remembered
     * @param maxBatchBytes the largest GossipTxs batch built by {@link #relayTxs} (well under a frame)
     */
    public Gossip(PeerSender peers, int seenCapacity, int perPeerCapacity, long ttlMillis, int maxBatchBytes) {
        this.peers = peers;
        this.seen = new SeenSet(seenCapacity, ttlMillis);
        this.knowledge = new PeerKnowledge(perPeerCapacity, ttlMillis);
        this.maxBatchBytes = maxBatchBytes;
    }

    /** An item arrived from a peer. The peer has it now; returns true if the node has not seen it. */
    public boolean receivedFrom(PeerId peer, byte[] hash) {
        knowledge.markKnown(peer, hash);
        return seen.add(hash);
    }

    /** An item from this node itself (a client submission, our own vote): true if it is news. */
    public boolean seenLocally(byte[] hash) {
        return seen.add(hash);
    }

    public boolean seen(byte[] hash) {
        return seen.contains(hash);
    }

    /** Sends one message to every peer not known to have {@code hash}; returns how many it was queued for. */
    public int relay(byte[] hash, PeerMessage message) {
        int queued = 0;
        for (PeerId peer : peers.peers()) {
            if (knowledge.knows(peer, hash)) {
                continue;
            }
            if (peers.send(peer, message) == SendResult.QUEUED) {
                knowledge.markKnown(peer, hash);
                queued++;
            }
        }
        return queued;
    }

    /**
     * Sends each peer the txs (of this list) it is not known to have, batched into GossipTxs messages
     * of at most maxBatchBytes. {@code hashes.get(i)} is the hash of {@code txs.get(i)}.
     */
    public void relayTxs(List<Tx> txs, List<byte[]> hashes) {
        for (PeerId peer : peers.peers()) {
            List<byte[]> batchHashes = new ArrayList<>();
            GossipTxs.Builder batch = GossipTxs.newBuilder();
            int batchBytes = 0;
            for (int i = 0; i < txs.size(); i++) {
                byte[] hash = hashes.get(i);
                if (knowledge.knows(peer, hash)) {
                    continue;
                }
                int size = txs.get(i).getSerializedSize() + 8;
                if (batchBytes > 0 && batchBytes + size > maxBatchBytes) {
                    flush(peer, batch, batchHashes);
                    batch = GossipTxs.newBuilder();
                    batchBytes = 0;
                }
                batch.addTxs(txs.get(i));
                batchHashes.add(hash);
                batchBytes += size;
            }
            if (batchBytes > 0) {
                flush(peer, batch, batchHashes);
            }
        }
    }

    private void flush(PeerId peer, GossipTxs.Builder batch, List<byte[]> batchHashes) {
        if (peers.send(peer, PeerMessage.newBuilder().setTxs(batch).build()) == SendResult.QUEUED) {
            for (byte[] hash : batchHashes) {
                knowledge.markKnown(peer, hash);
            }
        }
        batchHashes.clear();
    }

    /**
     * Sends one peer the items it is not known to have, e.g. the votes of its current height when it
     * reports (PeerRoundState) that it lags behind, or answers a VoteSetRequest. Returns how many went.
     */
    public int sendMissing(PeerId peer, List<byte[]> hashes, List<PeerMessage> messages) {
        int sent = 0;
        for (int i = 0; i < hashes.size(); i++) {
            byte[] hash = hashes.get(i);
            if (!knowledge.knows(peer, hash) && peers.send(peer, messages.get(i)) == SendResult.QUEUED) {
                knowledge.markKnown(peer, hash);
                sent++;
            }
        }
        return sent;
    }

    /** The peer told us (PeerHasVote) or showed us it has this item. */
    public void peerHas(PeerId peer, byte[] hash) {
        knowledge.markKnown(peer, hash);
    }

    public void peerDisconnected(PeerId peer) {
        knowledge.forget(peer);
    }
}
