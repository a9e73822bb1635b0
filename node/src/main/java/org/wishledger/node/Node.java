package org.wishledger.node;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.wishledger.consensus.ConsensusCore;
import org.wishledger.consensus.privval.MessageSigner;
import org.wishledger.consensus.privval.PrivValidator;
import org.wishledger.consensus.privval.SignState;
import org.wishledger.consensus.wal.ConsensusWal;
import org.wishledger.consensus.wal.DurableConsensus;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.client.TxBuilder;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.p2p.P2pConfig;
import org.wishledger.p2p.PeerAddress;
import org.wishledger.p2p.PeerManager;
import org.wishledger.p2p.client.ClientServer;
import org.wishledger.p2p.client.ClientServerConfig;
import org.wishledger.p2p.gossip.Gossip;
import org.wishledger.p2p.sync.BlockSyncResponder;
import org.wishledger.p2p.sync.BlockSyncer;
import org.wishledger.p2p.sync.SnapshotResponder;
import org.wishledger.ledger.store.SnapshotStore;
import org.wishledger.p2p.sync.SyncConfig;
import org.wishledger.rules.BlockResult;
import org.wishledger.rules.Rules;
import org.wishledger.rules.StoreStateView;
import org.wishledger.scoring.embed.OnnxEmbedder;
import org.wishledger.node.proto.ScoringConfig;
import org.wishledger.client.HostPort;
import org.wishledger.node.metrics.MetricsRegistry;
import org.wishledger.node.metrics.NodeMetrics;
import org.wishledger.node.rpc.RpcConfig;
import org.wishledger.node.rpc.RpcServer;

/**
 * A validator node: the composition root that wires store, rules, mempool, consensus thread, peer
 * layer, block sync, client port and RPC together, and takes them down in reverse order.
 *
 * <p>Threads, and who owns what: the consensus agent thread owns the consensus core and is the only
 * writer of the store; {@code verify-*} threads check tx signatures and admit to the mempool;
 * {@code vote-verify} checks consensus messages; {@code block-validate} runs the ledger's validity check
 * on proposals; Netty event loops move bytes; the block syncer has its own thread.
 */
public final class Node implements AutoCloseable {
    private static final NodeLog LOG = NodeLog.of("node");
    private static final long COMMIT_WAIT_TIMEOUT_MS = 120_000;
    /** How often the node checks whether peers decided a height it has not (ConsensusAgent.behindPeers). */
    private static final long BEHIND_CHECK_MS = 250;
    /** Txs waiting for signature checks per verification lane before the node answers UNAVAILABLE. */
    private static final int VERIFY_QUEUE_PER_LANE = 50_000;

    private final List<AutoCloseable> closeInReverse = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile Throwable fatalError;
    private RpcServer rpc;
    private ClientServer clientServer;
    private PeerManager peers;

    private Node() {
    }

    public static Node start(HomeConfig home) throws Exception {
        Node node = new Node();
        try {
            node.startComponents(home);
            return node;
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    private void startComponents(HomeConfig home) throws Exception {
        NodeSettings settings = NodeSettings.from(home.config());
        String chainId = home.genesis().getChainId();
        Files.createDirectories(home.home().dataDir());
        if (!home.config().getWarmupDisabled()) {
            long cap = home.config().getWarmupCapMs() > 0 ? home.config().getWarmupCapMs() : NodeWarmup.DEFAULT_CAP_MS;
            NodeWarmup.run(home.home().dataDir(), NodeWarmup.DEFAULT_TXS, cap);
        }

        LedgerStore store = LedgerStore.open(home.ledgerDir());
        closeInReverse.add(store);
        if (home.config().getStateSync() && store.height() == 0 && store.genesis().isEmpty()) {
            StateSyncBootstrap.run(home, store).ifPresent(m ->
                    LOG.info("state sync restored height", "height", m.getHeight(), "wishes", m.getWishes()));
        }
        Rules.initGenesis(store, home.genesis());
        Rules rules = Rules.forStore(store);
        LOG.info("ledger opened", "dir", home.ledgerDir(), "height", store.height(), "chain_id", chainId);

        MetricsRegistry registry = new MetricsRegistry();
        NodeMetrics metrics = new NodeMetrics(registry);
        metrics.height.set(store.height());
        Mempool mempool = new Mempool(rules, StoreStateView.of(store), settings.mempoolMaxTxs(), settings.mempoolMaxBytes());

        PeerRouter router = new PeerRouter();
        HostPort p2pListen = HostPort.parse(home.config().getP2PListen());
        P2pConfig.Builder p2p = P2pConfig.builder(home.nodeKey(), chainId).listen(p2pListen.host(), p2pListen.port());
        for (var peer : home.config().getPersistentPeersList()) {
            p2p.persistentPeer(PeerAddress.parse(peer.getNodeKey(), peer.getAddress()));
        }
        peers = new PeerManager(p2p.build(), router);
        closeInReverse.add(peers);
        NodeMetrics.bind(registry, mempool::size, mempool::bytes, () -> peers.peers().size());
        Gossip gossip = new Gossip(peers, 4 * settings.mempoolMaxTxs(), 100_000, 120_000, 1 << 20);

        ExecutorService voteVerify = Executors.newSingleThreadExecutor(daemonThreads("vote-verify"));
        ExecutorService blockValidate = Executors.newSingleThreadExecutor(daemonThreads("block-validate"));
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(daemonThreads("housekeeping"));
        closeInReverse.add(voteVerify::shutdownNow);
        closeInReverse.add(blockValidate::shutdownNow);
        closeInReverse.add(housekeeping::shutdownNow);

        CommitWaiters waiters = new CommitWaiters(COMMIT_WAIT_TIMEOUT_MS);
        ConsensusWal wal = ConsensusWal.open(home.walDir());
        closeInReverse.add(wal);
        ByteString self = ByteString.copyFrom(home.nodeKey().address());
        DurableConsensus consensus = new DurableConsensus(new ConsensusCore(self, settings.timeouts()), wal);
        PrivValidator privValidator = new PrivValidator(chainId, MessageSigner.ed25519(home.nodeKey()),
                SignState.open(home.signStateFile()));

        ScoringService scoring = null;
        if (!home.config().getScoringDisabled()) {
            ScoringConfig scoringConfig = home.config().getScoring();
            scoring = new ScoringService(store, home.home().dataDir().resolve("scoring"),
                    new OnnxEmbedder(ScoringService.model(scoringConfig)), scoringConfig);
            closeInReverse.add(scoring);
        }
        ScoringService scoringOrNull = scoring;
        SnapshotStore snapshotStore = new SnapshotStore(home.home().dataDir().resolve("snapshots"),
                settings.snapshotInterval(), settings.snapshotKeep());
        SnapshotTaker snapshots = settings.snapshotsEnabled() ? new SnapshotTaker(snapshotStore, store) : null;
        if (snapshots != null) {
            closeInReverse.add(snapshots);
        }
        BlockSyncResponder[] responder = new BlockSyncResponder[1];
        CommitListener listeners = new CommitListener() {
            @Override
            public void onCommitted(Block block, BlockResult result) {
                waiters.onCommitted(block, result);
                responder[0].announce();
                if (snapshots != null) {
                    snapshots.onCommitted(block.getHeader().getHeight());
                }
                if (scoringOrNull != null) {
                    scoringOrNull.onCommitted();
                }
            }

            @Override
            public void onDropped(Mempool.DroppedTx dropped) {
                waiters.onDropped(dropped);
            }
        };
        ConsensusGossip consensusGossip = ByzantineGossip.forChain(home.config().getByzantine(), peers, chainId,
                MessageSigner.ed25519(home.nodeKey()));
        ConsensusAgent agent = new ConsensusAgent(consensus, privValidator, store, rules, mempool, consensusGossip,
                blockValidate, listeners, metrics, settings.pacing(), this::fatal);

        LedgerBlockSync blockSync = new LedgerBlockSync(store, rules.commitVerifier(), agent);
        responder[0] = new BlockSyncResponder(blockSync, peers, voteVerify);
        BlockSyncer syncer = new BlockSyncer(peers, blockSync, SyncConfig.defaults(),
                (peer, why) -> peers.disconnect(peer, why));
        closeInReverse.add(syncer);
        TxIntake intake = new TxIntake(rules, mempool, store, gossip, metrics, VERIFY_QUEUE_PER_LANE,
                !home.config().getFullMeshTxGossip(), (peer, why) -> {
                    LOG.warn("disconnecting a misbehaving peer", "peer", peer, "why", why);
                    peers.disconnect(peer, why);
                });
        closeInReverse.add(intake);
        router.wire(new MessageVerifier(chainId, rules.validators(), voteVerify, agent), intake, syncer,
                responder[0], new SnapshotResponder(snapshotStore, peers, voteVerify), gossip, agent);

        if (scoring != null) {
            scoring.start();
        }
        AgentRunner runner = new AgentRunner(new SleepingIdleStrategy(ConsensusAgent.IDLE_PARK_NANOS),
                e -> LOG.error("consensus thread error", e), null, agent);
        AgentRunner.startOnThread(runner);
        closeInReverse.add(runner);
        peers.start();
        syncer.start();
        // After a restart the node may be whole heights behind: keep block sync looking while it is. Not
        // guarded by caughtUp (unlike the check below): resuming also clears a sync stuck with every peer
        // excluded for a height, e.g. after a failed local apply; every 2 s, so a working sync is rarely reset.
        housekeeping.scheduleWithFixedDelay(() -> {
            if (syncer.progress().target() > store.height() + 1) {
                syncer.resume();
            }
        }, 2, 2, TimeUnit.SECONDS);
        // One height behind: peers decided it while this node was busy (a slow apply) and gossip will not
        // bring it again, since they re-gossip the height they are at. Fetch it; the check is cheap.
        housekeeping.scheduleWithFixedDelay(() -> {
            if (agent.behindPeers() && syncer.progress().caughtUp()) {
                LOG.info("peers decided a height this node has not; fetching it by block sync", "height", store.height() + 1);
                syncer.resume();
            }
        }, BEHIND_CHECK_MS, BEHIND_CHECK_MS, TimeUnit.MILLISECONDS);

        HostPort clientListen = HostPort.parse(home.config().getClientListen());
        ClientGateway gateway = new ClientGateway(intake, waiters, store, COMMIT_WAIT_TIMEOUT_MS);
        clientServer = new ClientServer(ClientServerConfig.defaults(clientListen.host(), clientListen.port()),
                gateway).start();
        closeInReverse.add(clientServer);
        rpc = RpcServer.start(RpcConfig.listen(home.config().getRpcListen()),
                new NodeRpcBackend(home, store, peers, registry, agent::round, () -> !syncer.progress().caughtUp(),
                        scoring, gateway, faucet(home, store, gateway)));
        closeInReverse.add(rpc);
        LOG.info("node started", "moniker", home.config().getMoniker(),
                "node_id", Hex.encode(home.nodeKey().publicKey().encoded()), "p2p", peers.listenAddress(),
                "client", clientServer.address(), "rpc", rpc.url(), "height", store.height());
    }

    /** The testnet faucet, when node.json names its key and the chain is a local testnet; else null. */
    private static Faucet faucet(HomeConfig home, LedgerStore store, ClientGateway gateway) throws IOException {
        String keyFile = home.config().getFaucetKeyFile();
        if (keyFile.isEmpty()) {
            return null;
        }
        if (!LocalChains.isLocal(home.genesis().getChainId())) {
            LOG.warn("faucet_key_file ignored: the faucet runs only on local testnets", "chain", home.genesis().getChainId());
            return null;
        }
        KeyPair key = KeyFiles.load(home.home().path().resolve(keyFile));
        return new Faucet(key, TxBuilder.forGenesis(home.genesis()), store::account,
                gateway::submit, System::currentTimeMillis);
    }

    private void fatal(Throwable t) {
        fatalError = t;
        LOG.error("fatal error; stopping the node", t);
        Thread stopper = new Thread(this::close, "fatal-stop");
        stopper.start();
    }

    /** Blocks until the node is closed; returns the fatal error that stopped it, if any. */
    public Throwable awaitStop() throws InterruptedException {
        stopped.await();
        return fatalError;
    }

    public String rpcUrl() {
        return rpc.url();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        LOG.info("node stopping");
        for (int i = closeInReverse.size() - 1; i >= 0; i--) {
            try {
                closeInReverse.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping", "component", closeInReverse.get(i).getClass().getSimpleName(),
                        "error", e.toString());
            }
        }
        LOG.info("node stopped");
        stopped.countDown();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

}
