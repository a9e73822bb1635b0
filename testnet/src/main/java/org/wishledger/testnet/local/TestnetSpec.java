package org.wishledger.testnet.local;

import org.wishledger.ledger.proto.Params;
import org.wishledger.rules.ChainParams;
import org.wishledger.node.proto.MempoolConfig;
import org.wishledger.node.proto.Timeouts;

/**
 * What {@code testnet init} generates.
 *
 * @param validators     number of validator nodes (each node key is also its validator key)
 * @param accounts       number of funded account keys under accounts/
 * @param accountBalance genesis balance of each account, base units
 * @param validatorPower voting power of each validator
 * @param chainId        null picks "wishledger-local-" plus random hex, so two testnets never share
 *                       an id and a tx signed for one cannot be replayed on the other
 * @param host           interface every port binds to, or a comma-separated list: node i binds the
 *                       (i mod size)-th ({@link #distinctLoopback}: one loopback address per node, so a
 *                       chaos run can cut the links between nodes with firewall rules on addresses)
 * @param keySeed        null for random keys; a value derives every key from it (reproducible tests)
 * @param scoringNodes   how many nodes (node0 upwards) run the scoring index and POST /score; the
 *                       others set scoring_disabled, which keeps the embedding model's CPU off them
 */
public record TestnetSpec(int validators, int accounts, long accountBalance, long validatorPower, String chainId,
                          String host, Long keySeed, Params params, Timeouts timeouts, MempoolConfig mempool,
                          boolean createEmptyBlocks, int emptyBlockIntervalMs, int scoringNodes, int fullNodes) {

    public static final int DEFAULT_VALIDATORS = 4;
    public static final int DEFAULT_ACCOUNTS = 32;

    public TestnetSpec {
        if (validators < 1 || validators > 64) {
            throw new IllegalArgumentException("--validators must be between 1 and 64, got " + validators);
        }
        if (accounts < 0 || accounts > 100_000) {
            throw new IllegalArgumentException("--accounts must be between 0 and 100000, got " + accounts);
        }
        if (fullNodes < 0 || fullNodes > 16) {
            throw new IllegalArgumentException("--full-nodes must be between 0 and 16, got " + fullNodes);
        }
        if (accountBalance < 0 || validatorPower <= 0) {
            throw new IllegalArgumentException("balances are unsigned and powers positive");
        }
    }

    /** The first loopback address of {@link #distinctLoopback}: node i binds 127.0.0.(10 + i). */
    public static final int FIRST_DISTINCT_LOOPBACK = 10;

    /** The address node {@code node} binds its ports to. */
    public String hostOf(int node) {
        String[] hosts = host.split(",");
        return hosts[node % hosts.length].trim();
    }

    /** The same testnet with one loopback address per node (127.0.0.10, .11, ...) instead of 127.0.0.1. */
    public TestnetSpec distinctLoopback() {
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < nodes(); i++) {
            hosts.append(i == 0 ? "" : ",").append("127.0.0.").append(FIRST_DISTINCT_LOOPBACK + i);
        }
        return new TestnetSpec(validators, accounts, accountBalance, validatorPower, chainId, hosts.toString(),
                keySeed, params, timeouts, mempool, createEmptyBlocks, emptyBlockIntervalMs, scoringNodes, fullNodes);
    }

    public static TestnetSpec defaults(int validators, int accounts) {
        return new TestnetSpec(validators, accounts, 1_000_000_000_000_000L, 10, null, "127.0.0.1", null,
                defaultParams(), defaultTimeouts(), defaultMempool(), false, 1000, 1, 0);
    }

    /**
     * The rules' default params written out explicitly (rather than 0 = "the code's default"), so the
     * genesis file alone tells a wallet how to price a tx.
     */
    public static Params defaultParams() {
        return ChainParams.DEFAULTS.toProto();
    }

    /**
     * Loopback latencies are sub-millisecond, but four validators share two cores: the propose timeout
     * must cover building, sending and validating a full proposal under load (a timeout that fires
     * first costs a round, and the next round's block is bigger still), while prevote and precommit
     * timeouts only wait for votes and stay short.
     */
    public static Timeouts defaultTimeouts() {
        return Timeouts.newBuilder()
                .setProposeMs(2000).setProposeDeltaMs(500)
                .setPrevoteMs(500).setPrevoteDeltaMs(250)
                .setPrecommitMs(500).setPrecommitDeltaMs(250)
                .setCommitMs(100)
                .build();
    }

    public static MempoolConfig defaultMempool() {
        return MempoolConfig.newBuilder().setMaxTxs(100_000).setMaxBytes(256L * 1024 * 1024).build();
    }

    public TestnetSpec withKeySeed(long seed) {
        return new TestnetSpec(validators, accounts, accountBalance, validatorPower, chainId, host, seed, params,
                timeouts, mempool, createEmptyBlocks, emptyBlockIntervalMs, scoringNodes, fullNodes);
    }

    public TestnetSpec withChainId(String id) {
        return new TestnetSpec(validators, accounts, accountBalance, validatorPower, id, host, keySeed, params,
                timeouts, mempool, createEmptyBlocks, emptyBlockIntervalMs, scoringNodes, fullNodes);
    }

    public TestnetSpec withBlocks(boolean emptyBlocks, int intervalMs) {
        return new TestnetSpec(validators, accounts, accountBalance, validatorPower, chainId, host, keySeed, params,
                timeouts, mempool, emptyBlocks, intervalMs, scoringNodes, fullNodes);
    }

    public TestnetSpec withScoringNodes(int nodes) {
        return new TestnetSpec(validators, accounts, accountBalance, validatorPower, chainId, host, keySeed, params,
                timeouts, mempool, createEmptyBlocks, emptyBlockIntervalMs, nodes, fullNodes);
    }

    /**
     * {@code nodes} full nodes after the validators (node{validators}...): not in the validator set, so
     * consensus never has them propose or vote; they follow by gossip and block sync and serve RPC, the
     * web app and /score (scoring is on for every full node: serving reads and scores is their job).
     */
    public TestnetSpec withFullNodes(int nodes) {
        return new TestnetSpec(validators, accounts, accountBalance, validatorPower, chainId, host, keySeed, params,
                timeouts, mempool, createEmptyBlocks, emptyBlockIntervalMs, scoringNodes, nodes);
    }

    /** Validators plus full nodes. */
    public int nodes() {
        return validators + fullNodes;
    }
}
