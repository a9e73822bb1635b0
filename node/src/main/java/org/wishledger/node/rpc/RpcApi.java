package org.wishledger.node.rpc;

import java.util.List;
import java.util.Optional;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.DuplicateVoteEvidence;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.WishRecord;
import org.wishledger.client.proto.BlocksResponse;
import org.wishledger.client.proto.EvidenceResponse;
import org.wishledger.client.proto.ScoreRequest;
import org.wishledger.client.proto.WishesResponse;
import org.wishledger.client.ProtoJson;

/**
 * The routes of the node's RPC, over an {@link RpcBackend}. Limits that protect the node (range and
 * page sizes) live here, so every backend gets them.
 */
public final class RpcApi {
    /** Most blocks one /blocks call returns; larger ranges are clamped (the answer says which). */
    public static final int MAX_BLOCK_RANGE = 100;
    /** Blocks returned by /blocks without from/to: the latest ones. */
    public static final int DEFAULT_BLOCK_RANGE = 20;
    public static final int DEFAULT_WISH_PAGE = 50;
    public static final int MAX_WISH_PAGE = 500;
    public static final int MAX_EVIDENCE = 1000;
    private static final int HASH_BYTES = 32;
    private static final int ADDRESS_BYTES = 20;

    private final RpcBackend backend;

    public RpcApi(RpcBackend backend) {
        this.backend = backend;
    }

    /** Registers the node's routes on {@code router}. */
    public Router register(Router router) {
        router
                .get("/status", r -> RpcResponse.json(backend.status()))
                .get("/genesis", r -> RpcResponse.json(backend.genesis()))
                .get("/blocks/{height}", this::block)
                .get("/blocks", this::blocks)
                .get("/txs/{hash}", this::tx)
                .get("/wishes/{id}", this::wish)
                .get("/wishes", this::wishes)
                .get("/accounts/{address}", this::account)
                .get("/validators", r -> RpcResponse.json(Views.validators(backend.validators(), backend.latestHeight())))
                .get("/evidence", this::evidence)
                .get("/anon/buckets", this::anonBuckets)
                .get("/anon/bucket", this::anonBucket)
                .get("/metrics", r -> RpcResponse.text(RpcResponse.PROMETHEUS_TEXT, backend.metrics().render()))
                .post("/score", this::score)
                .get("/aggregate", r -> RpcResponse.json(backend.aggregate()));
        new TxSubmitRoutes(backend).register(router);
        new TxProofRoute(backend).register(router);
        return WebAssets.load().register(router);
    }

    private RpcResponse block(RpcRequest r) throws Rejection {
        long height = RpcRequest.parseUint("height", r.pathParam("height"));
        boolean withTxs = r.boolQueryParam("txs");
        Block block = backend.block(height).orElseThrow(() -> new Rejection(ErrorCode.NOT_FOUND,
                "no block at height " + height + " (latest is " + backend.latestHeight() + ")"));
        return RpcResponse.json(Views.block(block, backend.commit(height).orElse(null), withTxs));
    }

    private RpcResponse blocks(RpcRequest r) throws Rejection {
        long latest = backend.latestHeight();
        long to = r.uintQueryParam("to", latest);
        long from = r.uintQueryParam("from", Math.max(1, to - DEFAULT_BLOCK_RANGE + 1));
        if (from == 0) {
            from = 1;
        }
        // to = 0 (a chain before its first block, or asked for) is the empty range, not an inverted one
        if (to < from && to > 0) {
            throw new Rejection(ErrorCode.BAD_REQUEST, "from (" + from + ") must not exceed to (" + to + ")");
        }
        to = Math.min(Math.min(to, latest), from + MAX_BLOCK_RANGE - 1);
        boolean withTxs = r.boolQueryParam("txs");
        BlocksResponse.Builder out = BlocksResponse.newBuilder().setLatestHeight(latest).setFrom(from).setTo(to);
        for (long h = from; h <= to; h++) {
            Optional<Block> block = backend.block(h);
            if (block.isEmpty()) {
                out.setTo(h - 1);
                break;
            }
            out.addBlocks(Views.block(block.get(), backend.commit(h).orElse(null), withTxs));
        }
        if (out.getTo() < out.getFrom()) {
            out.setTo(out.getFrom() - 1); // empty range: from > latest
        }
        return RpcResponse.json(out);
    }

    private RpcResponse tx(RpcRequest r) throws Rejection {
        byte[] hash = r.hexPathParam("hash", HASH_BYTES);
        CommittedTx tx = backend.tx(hash).orElseThrow(() -> new Rejection(ErrorCode.NOT_FOUND,
                "no committed tx with hash " + r.pathParam("hash")));
        long time = backend.block(tx.height()).map(b -> b.getHeader().getTimeMs()).orElse(0L);
        return RpcResponse.json(Views.tx(tx.tx(), tx.height(), tx.index(), time));
    }

    private RpcResponse wish(RpcRequest r) throws Rejection {
        byte[] id = r.hexPathParam("id", HASH_BYTES);
        WishRecord wish = backend.wish(id).orElseThrow(() -> new Rejection(ErrorCode.NOT_FOUND,
                "no committed wish with id " + r.pathParam("id")));
        return RpcResponse.json(Views.wish(wish));
    }

    private RpcResponse wishes(RpcRequest r) throws Rejection {
        long afterHeight = r.uintQueryParam("after_height", 0);
        String afterIndexText = r.queryParam("after_index");
        int afterIndex = afterIndexText == null || afterIndexText.isEmpty()
                ? Integer.MAX_VALUE
                : (int) RpcRequest.parseUint("after_index", afterIndexText, Integer.MAX_VALUE);
        long limit = r.uintQueryParam("limit", DEFAULT_WISH_PAGE);
        if (limit < 1 || limit > MAX_WISH_PAGE) {
            throw new Rejection(ErrorCode.BAD_REQUEST, "limit must be between 1 and " + MAX_WISH_PAGE + ", got " + limit);
        }
        long latest = backend.latestHeight();
        List<WishRecord> page = backend.wishesAfter(afterHeight, afterIndex, (int) limit);
        WishesResponse.Builder out = WishesResponse.newBuilder()
                .setLatestHeight(latest)
                .setMore(page.size() == limit)
                .setNextAfterHeight(afterHeight)
                .setNextAfterIndex(afterIndex);
        for (WishRecord w : page) {
            out.addWishes(Views.wish(w));
        }
        if (!page.isEmpty()) {
            WishRecord last = page.get(page.size() - 1);
            out.setNextAfterHeight(last.getHeight()).setNextAfterIndex(last.getIndex());
        } else if (afterIndex == Integer.MAX_VALUE) {
            // Nothing after the cursor yet: a poller can resume from the latest height it has seen.
            out.setNextAfterHeight(Math.max(afterHeight, latest));
        }
        return RpcResponse.json(out);
    }

    private static final int MAX_ANON_BUCKETS = 100;

    private RpcResponse anonBuckets(RpcRequest r) throws Rejection {
        int denom = (int) RpcRequest.parseUint("denom", required(r, "denom"), 255);
        long next = backend.anonNextBucketId(denom);
        org.wishledger.client.proto.AnonBucketsResponse.Builder out = org.wishledger.client.proto.AnonBucketsResponse
                .newBuilder().setLatestHeight(backend.latestHeight());
        for (long id = next - 1; id >= 0 && id >= next - MAX_ANON_BUCKETS; id--) {
            backend.anonBucket(denom, id).ifPresent(b -> out.addBuckets(Views.anonBucket(b, false)));
        }
        return RpcResponse.json(out);
    }

    private RpcResponse anonBucket(RpcRequest r) throws Rejection {
        int denom = (int) RpcRequest.parseUint("denom", required(r, "denom"), 255);
        long id = RpcRequest.parseUint("id", required(r, "id"));
        org.wishledger.ledger.proto.AnonBucket b = backend.anonBucket(denom, id).orElseThrow(() -> new Rejection(
                ErrorCode.NOT_FOUND, "no bucket " + id + " of denomination " + denom));
        return RpcResponse.json(Views.anonBucket(b, r.boolQueryParam("keys")));
    }

    private static String required(RpcRequest r, String name) throws Rejection {
        String v = r.queryParam(name);
        if (v == null || v.isEmpty()) {
            throw new Rejection(ErrorCode.BAD_REQUEST, "query parameter " + name + " is required");
        }
        return v;
    }

    private RpcResponse account(RpcRequest r) throws Rejection {
        byte[] address = r.hexPathParam("address", ADDRESS_BYTES);
        long height = backend.latestHeight();
        Optional<Account> account = backend.account(address);
        return RpcResponse.json(Views.account(address, account.orElse(Account.getDefaultInstance()),
                account.isPresent(), height));
    }

    private RpcResponse evidence(RpcRequest r) throws Rejection {
        long limit = r.uintQueryParam("limit", MAX_EVIDENCE);
        if (limit < 1 || limit > MAX_EVIDENCE) {
            throw new Rejection(ErrorCode.BAD_REQUEST, "limit must be between 1 and " + MAX_EVIDENCE);
        }
        EvidenceResponse.Builder out = EvidenceResponse.newBuilder();
        for (DuplicateVoteEvidence e : backend.evidence((int) limit)) {
            out.addEvidence(Views.evidence(e));
        }
        return RpcResponse.json(out);
    }

    private RpcResponse score(RpcRequest r) throws Rejection {
        ScoreRequest request = ProtoJson.parseRequest(r.bodyText(), ScoreRequest.newBuilder()).build();
        if (request.getItemsCount() == 0) {
            throw new Rejection(ErrorCode.BAD_REQUEST, "items must hold at least one {prompt, response}");
        }
        return RpcResponse.json(backend.score(request));
    }
}
