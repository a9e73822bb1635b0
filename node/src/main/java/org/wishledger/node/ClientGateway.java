package org.wishledger.node;

import com.google.protobuf.ByteString;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.rules.CheckedTx;
import org.wishledger.ledger.proto.Accepted;
import org.wishledger.ledger.proto.ClientRequest;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.Committed;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.SubmitTx;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxLocation;
import org.wishledger.ledger.proto.TxPending;
import org.wishledger.ledger.proto.TxUnknown;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.p2p.client.ClientRequestHandler;

/**
 * The node's side of the native client protocol: SubmitTx answered according to its {@code wait}
 * (NONE: once queued; ACCEPTED: once in the mempool; COMMITTED: once in a committed block), and
 * QueryTx answered from the store and the mempool. Never blocks the Netty thread that calls it.
 */
final class ClientGateway implements ClientRequestHandler {
    private final TxIntake intake;
    private final CommitWaiters waiters;
    private final LedgerStore store;
    private final long commitTimeoutMs;

    ClientGateway(TxIntake intake, CommitWaiters waiters, LedgerStore store, long commitTimeoutMs) {
        this.intake = intake;
        this.waiters = waiters;
        this.store = store;
        this.commitTimeoutMs = commitTimeoutMs;
    }

    @Override
    public CompletionStage<ClientResponse> handle(ClientRequest request) {
        return switch (request.getRequestCase()) {
            case SUBMIT -> submit(request.getSubmit());
            case QUERY -> CompletableFuture.completedFuture(query(request.getQuery().getHash()));
            case REQUEST_NOT_SET -> CompletableFuture.failedFuture(
                    new Rejection(ErrorCode.BAD_REQUEST, "the request holds neither submit nor query"));
        };
    }

    /** A submit from the RPC (POST /txs, the faucet): the very path of the native port's SubmitTx. */
    CompletionStage<ClientResponse> submit(Tx tx, WaitFor wait) {
        return submit(SubmitTx.newBuilder().setTx(tx).setWait(wait).build());
    }

    private CompletionStage<ClientResponse> submit(SubmitTx submit) {
        if (!submit.hasTx()) {
            return CompletableFuture.failedFuture(new Rejection(ErrorCode.EMPTY_FIELD, "SubmitTx has no tx"));
        }
        byte[] hashBytes = Hashes.txHash(submit.getTx());
        ByteString hash = ByteString.copyFrom(hashBytes);
        ByteKey key = ByteKey.wrap(hashBytes);
        ClientResponse accepted = ClientResponse.newBuilder().setAccepted(Accepted.newBuilder().setHash(hash)).build();
        WaitFor wait = submit.getWait();
        if (wait == WaitFor.UNRECOGNIZED) { // the port rejects these first; never admit a tx nobody answers
            return CompletableFuture.failedFuture(new Rejection(ErrorCode.BAD_REQUEST,
                    "SubmitTx.wait " + submit.getWaitValue() + " is not a WaitFor"));
        }
        CompletableFuture<ClientResponse> answer = new CompletableFuture<>();
        CompletableFuture<Committed> committed = wait == WaitFor.COMMITTED ? waiters.register(key) : null;
        try {
            intake.submit(submit.getTx(), hashBytes, new TxIntake.Admission() {
                @Override
                public void admitted(CheckedTx tx) {
                    if (wait == WaitFor.ACCEPTED) {
                        answer.complete(accepted);
                    }
                }

                @Override
                public void rejected(Rejection r) {
                    if (committed != null) {
                        waiters.cancel(key, r);
                    }
                    answer.completeExceptionally(r);
                }
            });
        } catch (Rejection overloaded) {
            if (committed != null) {
                waiters.cancel(key, overloaded);
            }
            return CompletableFuture.failedFuture(overloaded);
        }
        if (wait == WaitFor.NONE) {
            return CompletableFuture.completedFuture(accepted);
        }
        if (committed != null) {
            committed.whenComplete((c, e) -> {
                if (e == null) {
                    answer.complete(ClientResponse.newBuilder().setCommitted(c).build());
                } else {
                    answer.completeExceptionally(e instanceof TimeoutException ? CommitWaiters.timeout(commitTimeoutMs) : e);
                }
            });
        }
        return answer;
    }

    private ClientResponse query(ByteString hash) {
        Optional<TxLocation> location = store.txLocation(hash.toByteArray());
        if (location.isPresent()) {
            return ClientResponse.newBuilder().setCommitted(Committed.newBuilder()
                    .setHash(hash).setHeight(location.get().getHeight()).setIndex(location.get().getIndex())).build();
        }
        if (intake.mempool().contains(ByteKey.wrap(hash.toByteArray()))) {
            return ClientResponse.newBuilder().setPending(TxPending.newBuilder().setHash(hash)).build();
        }
        return ClientResponse.newBuilder().setUnknown(TxUnknown.newBuilder().setHash(hash)).build();
    }
}
