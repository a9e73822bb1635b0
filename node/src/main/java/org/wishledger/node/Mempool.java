package org.wishledger.node;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.rules.CheckedTx;
import org.wishledger.rules.PendingState;
import org.wishledger.rules.PreVerified;
import org.wishledger.rules.Rules;
import org.wishledger.rules.StateView;

/**
 * Transactions admitted but not yet committed, in arrival order.
 *
 * <p>Admission runs {@code checkAgainstState} against a {@link PendingState}: the committed state with
 * every pending tx already applied, so one account can have several txs pending in nonce order, and a
 * tx that the pending ones make invalid (a spent balance, a reused nonce) is refused at once. Arrival
 * order is also a valid execution order (a tx is only admitted after its predecessors), which is why
 * {@link #reap} can hand the proposer a prefix without sorting.
 *
 * <p>Bounded by count and bytes. Thread-safety: one monitor; admission is called from client and peer
 * threads, reap/update from the consensus thread. Signature verification happens before, outside the
 * lock ({@code Rules.decodeAndVerify}). The mempool doubles as the {@link PreVerified} source for block
 * execution: every tx it holds had its signature verified.
 */
public final class Mempool implements PreVerified {
    private final Rules rules;
    private final int maxTxs;
    private final long maxBytes;
    private final LinkedHashMap<ByteKey, CheckedTx> txs = new LinkedHashMap<>();
    private final PendingState pending;
    private long bytes;

    public Mempool(Rules rules, StateView committed, int maxTxs, long maxBytes) {
        this.rules = rules;
        this.maxTxs = maxTxs;
        this.maxBytes = maxBytes;
        this.pending = new PendingState(committed);
    }

    /** Admits a verified tx, or says why not (DUPLICATE, MEMPOOL_FULL, or a state rule's code). */
    public synchronized void add(CheckedTx tx) throws Rejection {
        if (txs.containsKey(tx.hashKey())) {
            throw new Rejection(ErrorCode.DUPLICATE, "tx " + tx.hashKey() + " is already pending");
        }
        if (txs.size() >= maxTxs || bytes + tx.size() > maxBytes) {
            throw new Rejection(ErrorCode.MEMPOOL_FULL,
                    "mempool holds " + txs.size() + " txs / " + bytes + " bytes (limits " + maxTxs + " / "
                            + maxBytes + "); retry after the next block");
        }
        pending.admit(tx);
        txs.put(tx.hashKey(), tx);
        bytes += tx.size();
    }

    /** The oldest txs that fit the block limits, in admission (= valid execution) order. */
    public synchronized List<CheckedTx> reap(long maxBlockBytes, int maxBlockTxs) {
        List<CheckedTx> out = new ArrayList<>(Math.min(txs.size(), maxBlockTxs));
        long used = 0;
        for (CheckedTx tx : txs.values()) {
            if (out.size() >= maxBlockTxs || used + tx.size() > maxBlockBytes) {
                break;
            }
            out.add(tx);
            used += tx.size();
        }
        return out;
    }

    /**
     * After a block: drops the committed txs, rebuilds the pending state over the new committed state
     * and re-checks what is left in order; txs that no longer pass are dropped and reported.
     */
    public synchronized void update(List<byte[]> committedHashes, StateView committed, Consumer<DroppedTx> dropped) {
        for (byte[] hash : committedHashes) {
            CheckedTx removed = txs.remove(ByteKey.wrap(hash));
            if (removed != null) {
                bytes -= removed.size();
            }
        }
        pending.reset(committed);
        Iterator<CheckedTx> it = txs.values().iterator();
        while (it.hasNext()) {
            CheckedTx tx = it.next();
            try {
                pending.admit(tx);
            } catch (Rejection r) {
                it.remove();
                bytes -= tx.size();
                dropped.accept(new DroppedTx(tx, r));
            }
        }
    }

    public synchronized boolean contains(ByteKey hash) {
        return txs.containsKey(hash);
    }

    public synchronized int size() {
        return txs.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    @Override
    public synchronized boolean signatureVerified(ByteKey txHash) {
        return txs.containsKey(txHash);
    }

    @Override
    public synchronized CheckedTx decoded(ByteKey txHash) {
        return txs.get(txHash);
    }

    public Rules rules() {
        return rules;
    }

    /** A pending tx that a committed block made invalid (e.g. its nonce was used by another tx). */
    public record DroppedTx(CheckedTx tx, Rejection reason) {
    }
}
