package org.wishledger.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.GossipTxs;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxLocation;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.gossip.Gossip;
import org.wishledger.rules.CheckedTx;
import org.wishledger.rules.Rules;
import org.wishledger.node.metrics.NodeMetrics;

/**
 * The one way a tx enters the node, from a client or a peer: decode and verify (stateless, on the
 * verification lanes, signatures checked in batches), refuse what is already committed, admit to the
 * mempool, and queue it for gossip. Relaying is batched by a small flusher thread so a burst of txs
 * costs a few messages.
 */
final class TxIntake implements AutoCloseable {
    private static final NodeLog LOG = NodeLog.of("mempool");
    private static final long RELAY_INTERVAL_MS = 5;
    private static final int VERIFY_LANES = 2;
    /** A lane hands over at most this many txs at once; the signature batches are of this order. */
    private static final int MAX_BATCH = 512;

    /** What a client waits for: called on a verification lane once the tx is admitted or refused. */
    interface Admission {
        void admitted(CheckedTx tx);

        void rejected(Rejection reason);
    }

    /** One tx waiting for its lane: from a client ({@code admission} set) or from a peer ({@code from} set). */
    private record Job(Tx tx, byte[] hash, boolean relay, Admission admission, PeerId from) {
    }

    private final Rules rules;
    private final Mempool mempool;
    private final LedgerStore store;
    private final Gossip gossip;
    private final NodeMetrics metrics;
    private final OrderedVerifyPool<Job> lanes;
    /**
     * Whether txs learned from a peer are gossiped on. Needed unless every node peers with every other;
     * in a full mesh (the local testnet) the submitting node already sends each tx to everyone, and
     * relaying again only multiplies the encrypted copies each node receives and decrypts.
     */
    private final boolean relayPeerTxs;
    /** Told about a peer that relayed a tx failing the stateless checks (the node disconnects it). */
    private final BiConsumer<PeerId, String> misbehaving;
    private final ManyToOneConcurrentArrayQueue<CheckedTx> relayQueue = new ManyToOneConcurrentArrayQueue<>(1 << 16);
    private final Thread relayThread;
    private volatile boolean running = true;

    TxIntake(Rules rules, Mempool mempool, LedgerStore store, Gossip gossip, NodeMetrics metrics, int queuePerLane,
            boolean relayPeerTxs, BiConsumer<PeerId, String> misbehaving) {
        this.relayPeerTxs = relayPeerTxs;
        this.misbehaving = misbehaving;
        this.rules = rules;
        this.mempool = mempool;
        this.store = store;
        this.gossip = gossip;
        this.metrics = metrics;
        this.lanes = new OrderedVerifyPool<>(VERIFY_LANES, queuePerLane, MAX_BATCH, this::admitBatch);
        this.relayThread = new Thread(this::relayLoop, "tx-relay");
        this.relayThread.setDaemon(true);
        this.relayThread.start();
    }

    /**
     * Queues a client's tx for admission; {@code admission} hears the outcome on a verification lane.
     *
     * @param hash the tx's hash, computed once by the caller (dedup, waiters) and reused here
     * @throws Rejection UNAVAILABLE when the sender's verification lane is full
     */
    void submit(Tx tx, byte[] hash, Admission admission) throws Rejection {
        if (!lanes.offer(tx, new Job(tx, hash, true, admission, null))) {
            throw new Rejection(ErrorCode.UNAVAILABLE, "the node's verification queue is full; retry shortly");
        }
    }

    /** Txs gossiped by a peer: only the ones this node has not seen are verified. */
    void fromPeer(PeerId peer, GossipTxs batch) {
        for (Tx tx : batch.getTxsList()) {
            byte[] hash = Hashes.txHash(tx);
            if (!gossip.receivedFrom(peer, hash)) {
                continue;
            }
            if (!lanes.offer(tx, new Job(tx, hash, relayPeerTxs, null, peer))) {
                return; // shed load: the tx reaches us again in a block
            }
        }
    }

    /**
     * Admits one lane's batch in arrival order. Duplicates are refused by hash before any signature
     * check: under load a tx often reaches a node inside a block (or from a second peer) before its
     * gossip copy is verified, and verifying it again is the most expensive thing the node could do
     * with it. The rest are decoded and their signatures checked as one batch.
     */
    private void admitBatch(List<Job> jobs) {
        boolean[] answered = new boolean[jobs.size()];
        try {
            admitInOrder(jobs, answered);
        } catch (RuntimeException e) {
            // A bug must not leave clients waiting for an answer that never comes.
            LOG.error("admitting a batch of " + jobs.size() + " txs failed", e);
            Rejection internal = new Rejection(ErrorCode.INTERNAL, "the node failed while admitting this tx; retry, and see the node's log");
            for (int i = 0; i < jobs.size(); i++) {
                if (!answered[i]) {
                    refuse(jobs.get(i), internal);
                }
            }
        }
    }

    private void admitInOrder(List<Job> jobs, boolean[] answered) {
        List<Integer> fresh = new ArrayList<>(jobs.size());
        List<Tx> txs = new ArrayList<>(jobs.size());
        List<byte[]> hashes = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            metrics.txsReceived.increment();
            Rejection duplicate = duplicate(job.hash());
            if (duplicate != null) {
                answered[i] = true;
                refuse(job, duplicate);
            } else {
                fresh.add(i);
                txs.add(job.tx());
                hashes.add(job.hash());
            }
        }
        CheckedTx[] checked = new CheckedTx[fresh.size()];
        Rejection[] rejected = new Rejection[fresh.size()];
        if (!fresh.isEmpty()) {
            metrics.verifyBatchSize.observe(fresh.size());
        }
        rules.decodeAndVerifyAll(txs, hashes, checked, rejected);
        Map<PeerId, String> offenders = null;
        for (int f = 0; f < fresh.size(); f++) {
            int i = fresh.get(f);
            Job job = jobs.get(i);
            if (checked[f] == null) {
                answered[i] = true;
                refuse(job, rejected[f]);
                if (job.from() != null) {
                    offenders = offenders == null ? new HashMap<>() : offenders;
                    offenders.putIfAbsent(job.from(), "relayed tx " + Hex.encode(job.hash()) + " that fails the stateless checks: "
                            + rejected[f].code() + " " + rejected[f].getMessage());
                }
                continue;
            }
            try {
                mempool.add(checked[f]);
            } catch (Rejection r) {
                answered[i] = true;
                refuse(job, r);
                continue;
            }
            gossip.seenLocally(checked[f].hash());
            if (job.relay() && !relayQueue.offer(checked[f])) {
                LOG.warn("relay queue full; a tx is not gossiped now (peers get it in the block)");
            }
            answered[i] = true;
            if (job.admission() != null) {
                job.admission().admitted(checked[f]);
            }
        }
        if (offenders != null) {
            // Every check in decodeAndVerifyAll is stateless and deterministic, and a node relays only txs it
            // admitted, so an honest peer never sends one that fails here: this is proof of a faulty or
            // hostile peer, which is cut off rather than allowed to keep us verifying its garbage.
            offenders.forEach(misbehaving);
        }
    }

    /** DUPLICATE when the tx is committed or pending, else null. */
    private Rejection duplicate(byte[] hash) {
        Optional<TxLocation> committed = store.txLocation(hash);
        if (committed.isPresent()) {
            return new Rejection(ErrorCode.DUPLICATE, "tx already committed at height "
                    + committed.get().getHeight() + " index " + committed.get().getIndex());
        }
        if (mempool.contains(ByteKey.wrap(hash))) {
            return new Rejection(ErrorCode.DUPLICATE, "tx is already pending");
        }
        return null;
    }

    /** Counted in metrics; a peer's tx refused here (often a race with a block) is simply dropped. */
    private void refuse(Job job, Rejection reason) {
        metrics.rejected(reason.code());
        if (job.admission() != null) {
            job.admission().rejected(reason);
        }
    }

    private void relayLoop() {
        List<CheckedTx> batch = new ArrayList<>();
        List<Tx> txs = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        while (running) {
            relayQueue.drainTo(batch, 4096);
            if (batch.isEmpty()) {
                try {
                    Thread.sleep(RELAY_INTERVAL_MS);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            for (CheckedTx tx : batch) {
                txs.add(tx.tx());
                hashes.add(tx.hash());
            }
            try {
                gossip.relayTxs(txs, hashes);
            } catch (RuntimeException e) {
                LOG.error("tx relay failed", e);
            }
            batch.clear();
            txs.clear();
            hashes.clear();
        }
    }

    Mempool mempool() {
        return mempool;
    }

    @Override
    public void close() {
        running = false;
        relayThread.interrupt();
        lanes.close();
    }
}
