package org.wishledger.testnet.node;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import org.wishledger.ledger.proto.Tx;

/**
 * Verification threads that keep each sender's txs in arrival order. A client that pipelines nonces
 * 0, 1, 2 must see them admitted in that order, but signature checks should still use every core; so
 * txs are sharded by signer key: one sender always lands on the same single-threaded lane (FIFO), and
 * different senders verify in parallel.
 */
final class OrderedVerifyPool implements AutoCloseable {
    private static final int SIGNER_PUBKEY_FIELD = 2; // TxBody.signer_pubkey

    private final ExecutorService[] lanes;

    OrderedVerifyPool(int lanes, int queuePerLane) {
        this.lanes = new ExecutorService[lanes];
        for (int i = 0; i < lanes; i++) {
            int lane = i;
            this.lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queuePerLane),
                    r -> {
                        Thread t = new Thread(r, "verify-" + lane);
                        t.setDaemon(true);
                        return t;
                    });
        }
    }

    /** @throws RejectedExecutionException when the sender's lane is full */
    void execute(Tx tx, Runnable task) {
        lanes[Math.floorMod(signerHash(tx), lanes.length)].execute(task);
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
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
    }
}
