package org.wishledger.node.rpc;

import java.util.List;
import java.util.Optional;
import org.wishledger.ledger.error.Rejection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.wishledger.client.proto.FaucetResponse;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.DuplicateVoteEvidence;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.ValidatorSet;
import org.wishledger.ledger.proto.WishRecord;
import org.wishledger.node.metrics.MetricsRegistry;
import org.wishledger.client.proto.NodeStatus;
import org.wishledger.client.proto.ScoreRequest;
import org.wishledger.client.proto.ScoreResponse;

/**
 * What the RPC server reads from a node. The node implements it over its LMDB read transactions;
 * tests implement it in memory. Every method is called on an RPC worker thread, never on a Netty
 * event loop and never on the consensus thread, so an implementation may block briefly (a read
 * transaction) but must not wait on consensus. The server turns these ledger types into the hex views
 * of rpc.proto, so implementations never format anything.
 */
public interface RpcBackend {

    NodeStatus status();

    /** The chain's genesis (chain id and params tell a wallet how to build and price a tx). */
    Genesis genesis();

    /** Latest committed height, 0 before the first block. */
    long latestHeight();

    Optional<Block> block(long height);

    /** The +2/3 precommits that decided {@code height}, if this node has them (seen commit). */
    Optional<Commit> commit(long height);

    /** A committed tx by hash (32 bytes). */
    Optional<CommittedTx> tx(byte[] hash);

    /** A committed wish by id (its tx hash, 32 bytes). */
    Optional<WishRecord> wish(byte[] id);

    /**
     * Committed wishes strictly after position (afterHeight, afterIndex) in (height, index) order,
     * at most {@code limit}. {@code afterIndex = Integer.MAX_VALUE} means "after the whole height".
     */
    List<WishRecord> wishesAfter(long afterHeight, int afterIndex, int limit);

    /** The account at a 20-byte address, empty if it never received anything. */
    Optional<Account> account(byte[] address);

    ValidatorSet validators();

    /** Stored equivocation evidence, oldest first, at most {@code limit}. */
    List<DuplicateVoteEvidence> evidence(int limit);

    /** The node's metrics, rendered at GET /metrics; the server adds its own request counters to it. */
    MetricsRegistry metrics();

    /**
     * POST /score. Until the scoring engine is wired into the node (issue 5), answers UNAVAILABLE,
     * which the server maps to HTTP 503.
     */
    default ScoreResponse score(ScoreRequest request) throws Rejection {
        throw new Rejection(ErrorCode.UNAVAILABLE, "scoring is not enabled on this node yet");
    }

    /** GET /aggregate: the humanity / self aggregate over the scoring index (docs/web.md). */
    default org.wishledger.client.proto.AggregateView aggregate() throws Rejection {
        throw new Rejection(ErrorCode.UNAVAILABLE, "scoring is not enabled on this node");
    }

    /** A bucket of anonymous notes (docs/privacy.md). */
    default Optional<org.wishledger.ledger.proto.AnonBucket> anonBucket(int denom, long bucketId) {
        return Optional.empty();
    }

    /** The id the next bucket of a denomination gets: buckets 0..next-1 exist. */
    default long anonNextBucketId(int denom) {
        return 0;
    }

    /**
     * POST /txs: the tx handed to the same intake as the native client port, answered as that port
     * answers (Accepted, Committed, or a failed stage holding the Rejection). Must not block.
     */
    default CompletionStage<ClientResponse> submit(Tx tx, WaitFor wait) {
        return CompletableFuture.failedFuture(new Rejection(ErrorCode.UNAVAILABLE, "this node does not accept txs over RPC"));
    }

    /** POST /faucet: a committed transfer to {@code address}, on local testnets only. */
    default FaucetResponse faucet(byte[] address) throws Rejection {
        throw new Rejection(ErrorCode.UNAVAILABLE, "this node runs no faucet");
    }
}
