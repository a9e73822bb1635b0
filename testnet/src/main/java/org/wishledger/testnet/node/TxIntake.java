package org.wishledger.testnet.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
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
import org.wishledger.testnet.metrics.NodeMetrics;

/**
 * The one way a tx enters the node, from a client or a peer: decode and verify (stateless, on the
 * verification pool), refuse what is already committed, admit to the mempool, and queue it for
 * gossip. Relaying is batched by a small flusher thread so a burst of txs costs a few messages.
 */
final class TxIntake implements AutoCloseable {
    private static final NodeLog LOG = NodeLog.of("mempool");
    private static final long RELAY_INTERVAL_MS = 5;

    private final Rules rules;
    private final Mempool mempool;
    private final LedgerStore store;
    private final Gossip gossip;
    private final NodeMetrics metrics;
    private final OrderedVerifyPool verifyPool;
    /**
     * Whether txs learned from a peer are gossiped on. Needed unless every node peers with every other;
     * in a full mesh (the local testnet) the submitting node already sends each tx to everyone, and
     * relaying again only multiplies the encrypted copies each node receives and decrypts.
     */
    private final boolean relayPeerTxs;
    private final ManyToOneConcurrentArrayQueue<CheckedTx> relayQueue = new ManyToOneConcurrentArrayQueue<>(1 << 16);
    private final Thread relayThread;
    private volatile boolean running = true;

    TxIntake(Rules rules, Mempool mempool, LedgerStore store, Gossip gossip, NodeMetrics metrics, OrderedVerifyPool verifyPool,
            boolean relayPeerTxs) {
        this.relayPeerTxs = relayPeerTxs;
        this.rules = rules;
        this.mempool = mempool;
        this.store = store;
        this.gossip = gossip;
        this.metrics = metrics;
        this.verifyPool = verifyPool;
        this.relayThread = new Thread(this::relayLoop, "tx-relay");
        this.relayThread.setDaemon(true);
        this.relayThread.start();
    }

    /** Runs {@code task} on the tx's sender lane of the verification pool; overload is a clear UNAVAILABLE. */
    void execute(Tx tx, Runnable task) throws Rejection {
        try {
            verifyPool.execute(tx, task);
        } catch (RejectedExecutionException e) {
            throw new Rejection(ErrorCode.UNAVAILABLE, "the node's verification queue is full; retry shortly");
        }
    }

    /**
     * Admits one tx (call on the verification pool); throws the reason if it is refused. Duplicates are
     * refused by hash before the signature check: under load a tx often reaches a node inside a block
     * (or from a second peer) before its gossip copy is verified, and verifying it again is the most
     * expensive thing the node could do with it.
     */
    CheckedTx admit(Tx tx, byte[] hash) throws Rejection {
        return admit(tx, hash, true);
    }

    /** @param hash the tx's hash, computed once by the caller (dedup, waiters) and reused here */
    private CheckedTx admit(Tx tx, byte[] hash, boolean relay) throws Rejection {
        metrics.txsReceived.increment();
        try {
            Optional<TxLocation> committed = store.txLocation(hash);
            if (committed.isPresent()) {
                throw new Rejection(ErrorCode.DUPLICATE, "tx already committed at height "
                        + committed.get().getHeight() + " index " + committed.get().getIndex());
            }
            if (mempool.contains(ByteKey.wrap(hash))) {
                throw new Rejection(ErrorCode.DUPLICATE, "tx is already pending");
            }
            CheckedTx checked = rules.decodeAndVerify(tx, hash);
            mempool.add(checked);
            gossip.seenLocally(checked.hash());
            if (relay && !relayQueue.offer(checked)) {
                LOG.warn("relay queue full; a tx is not gossiped now (peers get it in the block)");
            }
            return checked;
        } catch (Rejection r) {
            metrics.rejected(r.code());
            throw r;
        }
    }

    /** Txs gossiped by a peer: only the ones this node has not seen are verified. */
    void fromPeer(PeerId peer, GossipTxs batch) {
        for (Tx tx : batch.getTxsList()) {
            byte[] hash = Hashes.txHash(tx);
            if (!gossip.receivedFrom(peer, hash)) {
                continue;
            }
            try {
                execute(tx, () -> {
                    try {
                        admit(tx, hash, relayPeerTxs);
                    } catch (Rejection ignored) {
                        // counted in metrics; a peer's tx that fails here (often a race with a block) is dropped
                    }
                });
            } catch (Rejection overloaded) {
                return; // shed load: the tx reaches us again in a block
            }
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
    }
}
