package org.wishledger.testnet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wishledger.client.proto.EvidenceResponse;
import org.wishledger.client.proto.EvidenceView;
import org.wishledger.node.NodeHome;
import org.wishledger.node.proto.NodeConfig;

/**
 * Issue 9, item 4: one Byzantine validator of four, a real process over real p2p (the test-only
 * {@code byzantine} node option: every vote followed by a conflicting one, two proposals per round). The
 * honest three keep committing, agree on every block, and every honest node's {@code /evidence} names
 * the equivocating validator.
 */
@Tag("cluster")
class ByzantineValidatorClusterIT {
    private static final long SEED = 9004;
    private static final int BYZANTINE = 3;
    private static final List<Integer> HONEST = List.of(0, 1, 2);

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void honestValidatorsCommitAgreeAndRecordTheEquivocation() throws Exception {
        LocalCluster cluster = clusters.start(4, 4, SEED, "wishledger-local-it-" + SEED);
        String byzantineAddress = cluster.status(BYZANTINE).getValidatorAddress();
        cluster.stop(BYZANTINE);
        NodeHome home = cluster.home(BYZANTINE);
        NodeConfig config = home.readConfig().toBuilder().setByzantine("EQUIVOCATE_VOTES,DOUBLE_PROPOSE").build();
        NodeHome.writeJson(home.nodeConfigFile(), config);
        cluster.restart(BYZANTINE);
        assertTrue(home.tailProcessLog(400).contains("THIS VALIDATOR IS BYZANTINE"), "the option took effect");

        long from = HONEST.stream().mapToLong(n -> height(cluster, n)).max().orElseThrow();
        for (int n : HONEST) {
            cluster.awaitHeight(n, from + 8, Duration.ofSeconds(90)); // the honest three keep committing
        }
        var tip = cluster.awaitSameTip(HONEST, Duration.ofSeconds(60));
        for (long h = 1; h <= tip.getHeight(); h++) {
            String id = cluster.rpc(HONEST.get(0)).block(h).getBlockId();
            for (int n : HONEST.subList(1, HONEST.size())) {
                assertEquals(id, cluster.rpc(n).block(h).getBlockId(), "node" + n + " disagrees at height " + h
                        + " (seed " + SEED + ")");
            }
        }
        for (int n : HONEST) {
            EvidenceResponse evidence = cluster.rpc(n).get("/evidence?limit=100", EvidenceResponse.newBuilder());
            assertFalse(evidence.getEvidenceList().isEmpty(), "node" + n + " stored no evidence");
            for (EvidenceView e : evidence.getEvidenceList()) {
                assertEquals(byzantineAddress, e.getValidator(), "only the Byzantine validator equivocated");
                assertTrue(!e.getBlockIdA().equals(e.getBlockIdB()), "two different votes: " + e);
            }
        }
    }

    private static long height(LocalCluster cluster, int node) {
        try {
            return cluster.height(node);
        } catch (java.io.IOException e) {
            throw new AssertionError("node" + node + " RPC: " + e.getMessage(), e);
        }
    }
}
