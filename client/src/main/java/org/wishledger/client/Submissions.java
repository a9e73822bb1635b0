package org.wishledger.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.client.NativeClient;
import org.wishledger.client.proto.SubmitResult;

/** Sends one signed tx over the native protocol and turns the node's answer into a SubmitResult. */
public final class Submissions {
    private Submissions() {
    }

    public static SubmitResult submit(NativeClient client, Tx tx, WaitFor wait, Duration timeout) throws IOException {
        byte[] hash = Hashes.txHash(tx);
        CompletableFuture<ClientResponse> answer = client.submit(tx, wait);
        try {
            return result(hash, answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return SubmitResult.newBuilder().setHash(Hex.encode(hash)).setStatus("timeout")
                    .setCode(ErrorCode.TIMEOUT)
                    .setMessage("no answer within " + timeout.toMillis() + " ms; the tx may still commit — "
                            + "check GET /txs/" + Hex.encode(hash))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the node's answer", e);
        } catch (ExecutionException e) {
            throw new IOException("the connection failed before the node answered: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    public static SubmitResult result(byte[] hash, ClientResponse response) {
        SubmitResult.Builder r = SubmitResult.newBuilder().setHash(Hex.encode(hash));
        return switch (response.getResponseCase()) {
            case ACCEPTED -> r.setStatus("accepted").build();
            case COMMITTED -> r.setStatus("committed").setHeight(response.getCommitted().getHeight())
                    .setIndex(response.getCommitted().getIndex()).build();
            case REJECTED -> r.setStatus("rejected").setCode(response.getRejected().getCode())
                    .setMessage(response.getRejected().getMessage()).build();
            case PENDING -> r.setStatus("pending").build();
            case UNKNOWN -> r.setStatus("unknown").build();
            case RESPONSE_NOT_SET -> r.setStatus("rejected").setCode(ErrorCode.INTERNAL)
                    .setMessage("the node sent an empty response").build();
        };
    }
}
