package org.wishledger.node.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import org.wishledger.client.ProtoJson;
import org.wishledger.client.proto.FaucetRequest;
import org.wishledger.client.proto.TxSubmitResponse;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;

/**
 * POST /txs and POST /faucet: the write side of the RPC, for clients that cannot open the native port
 * (a browser). A tx takes exactly the native port's path ({@link RpcBackend#submit}), so both ports answer
 * the same codes for the same bytes.
 */
final class TxSubmitRoutes {
    /**
     * Longest a POST /txs?wait=committed holds its worker. Below the server's 10 s request limit so the
     * caller gets TIMEOUT from us, naming the tx, rather than the server's generic one.
     */
    static final long MAX_COMMIT_WAIT_MS = 8_000;
    private static final int ADDRESS_BYTES = 20;

    private final RpcBackend backend;

    TxSubmitRoutes(RpcBackend backend) {
        this.backend = backend;
    }

    Router register(Router router) {
        return router.post("/txs", this::submit).post("/faucet", this::faucet);
    }

    private RpcResponse submit(RpcRequest r) throws Rejection {
        WaitFor wait = waitFor(r.queryParam("wait"));
        long timeoutMs = r.uintQueryParam("timeout_ms", MAX_COMMIT_WAIT_MS);
        if (timeoutMs < 1 || timeoutMs > MAX_COMMIT_WAIT_MS) {
            throw new Rejection(ErrorCode.BAD_REQUEST, "timeout_ms must be between 1 and " + MAX_COMMIT_WAIT_MS
                    + ", got " + timeoutMs);
        }
        Tx tx;
        try {
            tx = Tx.parseFrom(r.body());
        } catch (InvalidProtocolBufferException e) {
            throw new Rejection(ErrorCode.MALFORMED, "body does not decode as a Tx: " + e.getMessage());
        }
        ClientResponse answer = SubmitAnswers.await(backend.submit(tx, wait), timeoutMs);
        TxSubmitResponse.Builder out = TxSubmitResponse.newBuilder();
        switch (answer.getResponseCase()) {
            case ACCEPTED -> out.setHash(Views.hex(answer.getAccepted().getHash()))
                    .setStatus(wait == WaitFor.NONE ? "queued" : "accepted");
            case COMMITTED -> out.setHash(Views.hex(answer.getCommitted().getHash())).setStatus("committed")
                    .setHeight(answer.getCommitted().getHeight()).setIndex(answer.getCommitted().getIndex());
            default -> throw new Rejection(ErrorCode.INTERNAL, "unexpected answer to a submit: " + answer.getResponseCase());
        }
        return RpcResponse.json(out);
    }

    private RpcResponse faucet(RpcRequest r) throws Rejection {
        FaucetRequest request = ProtoJson.parseRequest(r.bodyText(), FaucetRequest.newBuilder()).build();
        byte[] address = RpcRequest.hex("address", request.getAddress(), ADDRESS_BYTES);
        return RpcResponse.json(backend.faucet(address));
    }

    private static WaitFor waitFor(String value) throws Rejection {
        if (value == null || value.isEmpty()) {
            return WaitFor.ACCEPTED;
        }
        return switch (value) {
            case "none" -> WaitFor.NONE;
            case "accepted" -> WaitFor.ACCEPTED;
            case "committed" -> WaitFor.COMMITTED;
            default -> throw new Rejection(ErrorCode.BAD_REQUEST, "wait must be none, accepted or committed, got '"
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        };
    }
}
