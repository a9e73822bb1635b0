package org.wishledger.node;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.wishledger.ledger.proto.Tx;

/**
 * Verification threads that keep each sender's txs in arrival order and hand them over in batches. A
 * client that pipelines nonces 0, 1, 2 must see them admitted in that order, but signature checks should
 * still use every core; so txs are sharded by signer key: one sender always lands on the same
 * single-threaded lane (FIFO), and different senders verify in parallel.
 *
 * <p>Batches form by themselves: a lane takes whatever has queued up while it worked on the previous
 * batch, up to {@code maxBatch}. An idle node hands over one tx at a time (no added latency); a busy
 * one hands over hundreds, which batch signature verification turns into a quarter of the CPU per signature.
 *
 * @param <J> the work item; the handler runs on the lane's thread and owns the list only during the call
 */
final class OrderedVerifyPool<J> implements AutoCloseable {
    private static final NodeLog LOG = NodeLog.of("mempool");
    private static final int SIGNER_PUBKEY_FIELD = 2; // TxBody.signer_pubkey

    /** Called on a lane thread with the lane's next jobs, oldest first. */
    interface BatchHandler<J> {
        void handle(List<J> batch);
    }

    private final List<BlockingQueue<J>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final int maxBatch;
    private final BatchHandler<J> handler;
    private volatile boolean running = true;

    OrderedVerifyPool(int lanes, int queuePerLane, int maxBatch, BatchHandler<J> handler) {
        this.maxBatch = maxBatch;
        this.handler = handler;
        for (int i = 0; i < lanes; i++) {
            BlockingQueue<J> queue = new ArrayBlockingQueue<>(queuePerLane);
            Thread thread = new Thread(() -> drain(queue), "verify-" + i);
            thread.setDaemon(true);
            queues.add(queue);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** Queues {@code job} on the lane of {@code tx}'s signer; false when that lane is full. */
    boolean offer(Tx tx, J job) {
        return running && queues.get(Math.floorMod(signerHash(tx), queues.size())).offer(job);
    }

    private void drain(BlockingQueue<J> queue) {
        List<J> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                J first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                handler.handle(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("verification batch of " + batch.size() + " txs failed", e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Reads just signer_pubkey out of the body bytes: cheaper than decoding the whole TxBody here. */
    static int signerHash(Tx tx) {
        try {
            CodedInputStream in = tx.getBodyBytes().newCodedInput();
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag >>> 3 == SIGNER_PUBKEY_FIELD) {
                    ByteString key = in.readBytes();
                    return key.hashCode();
                }
                in.skipField(tag);
            }
        } catch (IOException malformed) {
            // any lane will do: decoding rejects it as MALFORMED there
        }
        return 0;
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
    }
}
