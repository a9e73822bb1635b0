package org.wishledger.testnet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.client.proto.BlockView;
import org.wishledger.client.proto.NodeStatus;

/** Issue 4, must show 1: 1,000 wishes over the native protocol across all 4 nodes all commit, and the nodes agree. */
@Tag("cluster")
class ThousandWishesClusterIT {
    private static final long SEED = 1001;

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void thousandWishesAcrossAllNodesCommitAndEveryNodeHasTheSameChain() throws Exception {
        LocalCluster cluster = clusters.start(4, 16, SEED);
        Map<String, Long> committed;
        try (ClusterTraffic traffic = new ClusterTraffic(cluster, SEED)) {
            List<ClusterTraffic.Sent> sent = traffic.submitWishes(1000, cluster.all(), WaitFor.COMMITTED);
            assertEquals(Set.of(0, 1, 2, 3), new HashSet<>(sent.stream().map(ClusterTraffic.Sent::node).toList()));
            committed = traffic.awaitCommitted(sent, Duration.ofSeconds(120));
        }
        assertEquals(1000, committed.size(), "seed " + SEED);
        long lastWishHeight = Collections.max(committed.values());

        NodeStatus tip = cluster.awaitSameTip(cluster.all(), Duration.ofSeconds(60));
        assertTrue(tip.getHeight() >= lastWishHeight, "tip " + tip.getHeight() + " < " + lastWishHeight);

        for (int node : cluster.all()) {
            assertEquals(committed.keySet(), ClusterAssertions.allWishIds(cluster.rpc(node)),
                    "node" + node + " lists exactly the committed wishes (seed " + SEED + ")");
            BlockView block = cluster.rpc(node).block(lastWishHeight);
            BlockView reference = cluster.rpc(0).block(lastWishHeight);
            assertEquals(reference.getBlockId(), block.getBlockId(), "node" + node + " block at " + lastWishHeight);
            assertEquals(reference.getAppHash(), block.getAppHash(), "node" + node + " app hash at " + lastWishHeight);
        }
    }
}
