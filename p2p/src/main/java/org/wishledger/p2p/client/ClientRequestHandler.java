package org.wishledger.p2p.client;

import java.util.concurrent.CompletionStage;
import org.wishledger.ledger.proto.ClientRequest;
import org.wishledger.ledger.proto.ClientResponse;

/**
 * What the node does with a client request. Called on a Netty event-loop thread, so it must not block:
 * hand the work to the mempool/consensus side and complete the stage from there. The stage may be
 * completed on any thread. A stage completed exceptionally with a
 * {@link org.wishledger.ledger.error.Rejection} is answered as {@code Rejected{code, message}}; any
 * other exception as {@code Rejected{INTERNAL}}. The server sets the response's request_id itself.
 */
@FunctionalInterface
public interface ClientRequestHandler {
    CompletionStage<ClientResponse> handle(ClientRequest request);
}
