package org.wishledger.node;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.DuplicateVoteEvidence;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxLocation;
import org.wishledger.ledger.proto.ValidatorSet;
import org.wishledger.ledger.proto.WishRecord;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.p2p.LinkStats;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerManager;
import org.wishledger.node.metrics.MetricsRegistry;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.client.proto.NodeStatus;
import org.wishledger.client.proto.ScoreRequest;
import org.wishledger.client.proto.ScoreResponse;
import org.wishledger.client.proto.PeerStatus;
import org.wishledger.node.rpc.CommittedTx;
import org.wishledger.node.rpc.RpcBackend;
import java.util.concurrent.CompletionStage;
import org.wishledger.client.proto.FaucetResponse;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.WaitFor;

/** RPC reads served from LMDB read transactions: they never wait for, or block, the consensus thread. */
final class NodeRpcBackend implements RpcBackend {
    private static final String VERSION = "0.1.0";

    private final HomeConfig home;
    private final LedgerStore store;
    private final PeerManager peers;
    private final MetricsRegistry metrics;
    private final IntSupplier round;
    private final BooleanSupplier catchingUp;
    private final ScoringService scoring;
    private final ClientGateway gateway;
    private final Faucet faucet;

    NodeRpcBackend(HomeConfig home, LedgerStore store, PeerManager peers, MetricsRegistry metrics, IntSupplier round,
            BooleanSupplier catchingUp, ScoringService scoring, ClientGateway gateway, Faucet faucet) {
        this.scoring = scoring;
        this.gateway = gateway;
        this.faucet = faucet;
        this.home = home;
        this.store = store;
        this.peers = peers;
        this.metrics = metrics;
        this.round = round;
        this.catchingUp = catchingUp;
    }

    @Override
    public NodeStatus status() {
        NodeStatus.Builder status = NodeStatus.newBuilder()
                .setNodeId(Hex.encode(home.nodeKey().publicKey().encoded()))
                .setMoniker(home.config().getMoniker())
                .setChainId(home.genesis().getChainId())
                .setValidatorAddress(home.nodeKey().publicKey().addressHex())
                .setHeight(store.height())
                .setLatestBlockHash(Hex.encode(store.lastBlockId()))
                .setAppHash(Hex.encode(store.appHash()))
                .setLatestBlockTimeMs(store.lastBlockTimeMs())
                .setCatchingUp(catchingUp.getAsBoolean())
                .setNowMs(System.currentTimeMillis())
                .setVersion(VERSION)
                .setRound(Math.max(0, round.getAsInt()));
        for (PeerId peer : peers.peers()) {
            PeerStatus.Builder p = PeerStatus.newBuilder().setNodeId(peer.hex());
            Optional<LinkStats> stats = peers.stats(peer);
            stats.ifPresent(s -> p.setOutbound(s.outbound()).setAddress(String.valueOf(s.remoteAddress())));
            status.addPeers(p);
        }
        return status.build();
    }

    @Override
    public Genesis genesis() {
        return home.genesis();
    }

    @Override
    public long latestHeight() {
        return store.height();
    }

    @Override
    public Optional<Block> block(long height) {
        return store.block(height);
    }

    @Override
    public Optional<Commit> commit(long height) {
        return store.commit(height);
    }

    @Override
    public Optional<CommittedTx> tx(byte[] hash) {
        Optional<TxLocation> location = store.txLocation(hash);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        Optional<Tx> tx = store.tx(hash);
        return tx.map(t -> new CommittedTx(t, location.get().getHeight(), location.get().getIndex()));
    }

    @Override
    public Optional<WishRecord> wish(byte[] id) {
        return store.wish(id);
    }

    @Override
    public List<WishRecord> wishesAfter(long afterHeight, int afterIndex, int limit) {
        return store.wishesAfter(afterHeight, afterIndex, limit);
    }

    @Override
    public Optional<Account> account(byte[] address) {
        return store.account(address);
    }

    @Override
    public Optional<org.wishledger.ledger.proto.AnonBucket> anonBucket(int denom, long bucketId) {
        return store.read(s -> s.anonBucket(denom, bucketId));
    }

    @Override
    public long anonNextBucketId(int denom) {
        return store.read(s -> s.anonNextBucketId(denom));
    }

    @Override
    public ValidatorSet validators() {
        return store.validators();
    }

    @Override
    public List<DuplicateVoteEvidence> evidence(int limit) {
        List<DuplicateVoteEvidence> all = store.evidence();
        return all.size() <= limit ? all : all.subList(0, limit);
    }

    @Override
    public MetricsRegistry metrics() {
        return metrics;
    }

    @Override
    public ScoreResponse score(ScoreRequest request) throws Rejection {
        return scoring().score(request);
    }

    @Override
    public org.wishledger.client.proto.AggregateView aggregate() throws Rejection {
        return scoring().aggregate();
    }

    private ScoringService scoring() throws Rejection {
        if (scoring == null) {
            throw new Rejection(ErrorCode.UNAVAILABLE, "scoring is disabled on this node (node.json scoring_disabled)");
        }
        return scoring;
    }

    /** The native port's own handler, so both ports answer the same bytes with the same codes. */
    @Override
    public CompletionStage<ClientResponse> submit(Tx tx, WaitFor wait) {
        return gateway.submit(tx, wait);
    }

    @Override
    public FaucetResponse faucet(byte[] address) throws Rejection {
        if (faucet == null) {
            throw LocalChains.isLocal(home.genesis().getChainId())
                    ? new Rejection(ErrorCode.UNAVAILABLE, "this node runs no faucet (node.json faucet_key_file is empty)")
                    : new Rejection(ErrorCode.WRONG_CHAIN, "the faucet runs only on local testnets (chain id "
                            + LocalChains.PREFIX + "...); this chain is '" + home.genesis().getChainId() + "'");
        }
        return faucet.grant(address);
    }
}
