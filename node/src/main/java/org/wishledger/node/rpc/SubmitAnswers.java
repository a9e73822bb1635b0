package org.wishledger.node.rpc;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.ErrorCode;

/** Turns the native port's asynchronous answer to a submit into a value or the Rejection the RPC prints. */
public final class SubmitAnswers {
    private SubmitAnswers() {
    }

    /**
     * The native port's answer, waited for on this worker up to {@code timeoutMs}; a refusal (a failed
     * stage or a Rejected answer) becomes the Rejection the RPC prints with its code.
     */
    public static ClientResponse await(CompletionStage<ClientResponse> pending, long timeoutMs) throws Rejection {
        ClientResponse answer;
        try {
            answer = pending.toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            if (cause instanceof Rejection r) {
                throw r;
            }
            throw new Rejection(ErrorCode.INTERNAL, "submit failed: " + cause);
        } catch (TimeoutException e) {
            throw new Rejection(ErrorCode.TIMEOUT, "not committed within " + timeoutMs
                    + " ms; it may still commit: GET /txs/{hash}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Rejection(ErrorCode.UNAVAILABLE, "the node is stopping");
        }
        if (answer.hasRejected()) {
            String hash = answer.getRejected().getHash().isEmpty() ? "" : " (tx " + Hex.encode(answer.getRejected().getHash().toByteArray()) + ")";
            throw new Rejection(answer.getRejected().getCode(), answer.getRejected().getMessage() + hash);
        }
        return answer;
    }
}
