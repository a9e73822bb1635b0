package org.wishledger.testnet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wishledger.client.RpcClient;
import org.wishledger.client.proto.BlockView;
import org.wishledger.client.proto.CommitSigView;
import org.wishledger.client.proto.ScoreItem;
import org.wishledger.client.proto.ScoreRequest;
import org.wishledger.client.proto.ScoreResponse;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.testnet.local.TestnetSpec;
import org.wishledger.testnet.scoringcli.ScoreClient;

/**
 * Issue 13, must show 4: 4 validators + 1 full node (testnet init --full-nodes 1). The full node joins late
 * (stopped while the validators commit wishes), catches up by block sync, then serves the very same blocks
 * as a validator, accepts a tx that the validators commit, answers /score like a validator at the same
 * height, and never appears among the signers: it is not in the validator set, so consensus never has it
 * propose or vote.
 */
@Tag("cluster")
class FullNodeClusterIT {
    private static final long SEED = 1316;
    private static final int FULL = 4;
    private static final Duration CATCH_UP = Duration.ofSeconds(120);

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void aLateFullNodeCatchesUpServesTheSameBlocksAndScoresAndNeverSigns() throws Exception {
        LocalCluster cluster = clusters.start(TestnetSpec.defaults(4, 8).withKeySeed(SEED)
                .withChainId("wishledger-local-full" + SEED).withScoringNodes(1).withFullNodes(1));
        List<Integer> validators = List.of(0, 1, 2, 3);
        String fullAddress = KeyFiles.load(cluster.home(FULL).nodeKeyFile()).publicKey().addressHex();
        assertEquals(4, cluster.genesis().getValidatorsCount());
        assertTrue(cluster.rpc(0).get("/validators", org.wishledger.client.proto.ValidatorsResponse.newBuilder())
                .toString().indexOf(fullAddress) < 0, "the full node is not a validator");

        cluster.stop(FULL); // it joins late
        try (ClusterTraffic traffic = new ClusterTraffic(cluster, SEED)) {
            traffic.awaitCommitted(traffic.submitWishes(40, validators, WaitFor.COMMITTED), Duration.ofSeconds(90));
            long before = cluster.height(0);
            cluster.restart(FULL);
            cluster.awaitHeight(FULL, before, CATCH_UP);

            // a tx sent to the full node is relayed to the validators and committed
            traffic.awaitCommitted(traffic.submitWishes(4, List.of(FULL), WaitFor.COMMITTED), Duration.ofSeconds(90));
        }
        long tip = cluster.awaitSameTip(cluster.all(), CATCH_UP).getHeight();

        RpcClient validator = cluster.rpc(1);
        RpcClient full = cluster.rpc(FULL);
        for (long h = 1; h <= tip; h++) {
            BlockView a = validator.block(h);
            BlockView b = full.block(h);
            assertEquals(a.getBlockId(), b.getBlockId(), "block " + h);
            assertEquals(a.getTxHashesList(), b.getTxHashesList(), "txs of block " + h);
            assertFalse(a.getProposer().equals(fullAddress), "the full node proposed block " + h);
            for (CommitSigView sig : a.getLastCommit().getSignaturesList()) {
                assertFalse(sig.getValidator().equals(fullAddress), "the full node signed the commit of " + (h - 1));
            }
        }

        // /score: the full node answers as node0 does at the same height
        new ScoreClient(cluster.rpc(0)).awaitHeight(tip, Duration.ofMinutes(10), cluster::note);
        new ScoreClient(full).awaitHeight(tip, Duration.ofMinutes(10), cluster::note);
        ScoreRequest request = ScoreRequest.newBuilder().addItems(ScoreItem.newBuilder()
                .setPrompt("cluster test " + SEED + ": please be precise").setResponse("I will be precise and kind.")).build();
        // Heartbeat blocks keep coming, so ask both until one pair of answers is at the same height.
        ScoreResponse fromValidator = null;
        ScoreResponse fromFull = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            fromValidator = cluster.rpc(0).post("/score", request, ScoreResponse.newBuilder());
            fromFull = full.post("/score", request, ScoreResponse.newBuilder());
            if (fromValidator.getHeight() == fromFull.getHeight()) {
                break;
            }
        }
        assertEquals(fromValidator.getHeight(), fromFull.getHeight(), "both indexes cover the same height");
        assertEquals(fromValidator.getResults(0).getCount(), fromFull.getResults(0).getCount());
        assertEquals(fromValidator.getResults(0).getReward(), fromFull.getResults(0).getReward(), 1e-9);
    }
}
