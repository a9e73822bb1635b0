package org.wishledger.node;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Committed;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.rules.BlockResult;

/**
 * Clients waiting for their tx to commit ({@code wait: COMMITTED}). Registered before the tx enters
 * the mempool, so a commit can never slip in between; completed on the consensus thread as blocks
 * commit, failed if the mempool drops the tx, and timed out so a waiter never lives forever.
 */
final class CommitWaiters implements CommitListener {
    private final ConcurrentHashMap<ByteKey, CompletableFuture<Committed>> waiters = new ConcurrentHashMap<>();
    private final long timeoutMs;

    CommitWaiters(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    CompletableFuture<Committed> register(ByteKey hash) {
        CompletableFuture<Committed> future = waiters.computeIfAbsent(hash, h -> new CompletableFuture<>());
        future.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((c, e) -> waiters.remove(hash, future));
        return future;
    }

    void cancel(ByteKey hash, Rejection why) {
        CompletableFuture<Committed> future = waiters.remove(hash);
        if (future != null) {
            future.completeExceptionally(why);
        }
    }

    int size() {
        return waiters.size();
    }

    @Override
    public void onCommitted(Block block, BlockResult result) {
        if (waiters.isEmpty()) {
            return;
        }
        List<byte[]> hashes = result.txHashes();
        for (int i = 0; i < hashes.size(); i++) {
            CompletableFuture<Committed> future = waiters.remove(ByteKey.wrap(hashes.get(i)));
            if (future != null) {
                future.complete(Committed.newBuilder()
                        .setHash(ByteString.copyFrom(hashes.get(i)))
                        .setHeight(result.height())
                        .setIndex(i)
                        .build());
            }
        }
    }

    @Override
    public void onDropped(Mempool.DroppedTx dropped) {
        cancel(dropped.tx().hashKey(), new Rejection(dropped.reason().code(),
                "dropped from the mempool after a block: " + dropped.reason().getMessage()));
    }

    static Rejection timeout(long ms) {
        return new Rejection(ErrorCode.TIMEOUT, "not committed within " + ms + " ms; query the tx later");
    }
}
