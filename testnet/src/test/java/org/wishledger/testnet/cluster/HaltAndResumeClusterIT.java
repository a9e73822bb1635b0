package org.wishledger.testnet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.testnet.local.TestWaits;
import org.wishledger.ledger.proto.WaitFor;

/**
 * Issue 4, must show 3: with 2 of 4 validators stopped there is no quorum (3 of 4 equal powers are
 * needed), so no block commits; restarted, progress resumes and no wish acknowledged as committed is lost.
 */
@Tag("cluster")
class HaltAndResumeClusterIT {
    private static final long SEED = 3003;
    /** Two full rounds of timeouts (propose 2 s + prevote 0.5 s + precommit 0.5 s, growing per round). */
    private static final Duration NO_PROGRESS_WINDOW = Duration.ofSeconds(6);

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void noQuorumNoBlocksThenResumeWithoutLosingCommittedWishes() throws Exception {
        LocalCluster cluster = clusters.start(4, 8, SEED);
        try (ClusterTraffic traffic = new ClusterTraffic(cluster, SEED)) {
            Map<String, Long> acknowledged = traffic.awaitCommitted(
                    traffic.submitWishes(200, cluster.all(), WaitFor.COMMITTED), Duration.ofSeconds(90));

            cluster.stop(2);
            cluster.stop(3);
            long halted = Math.max(cluster.height(0), cluster.height(1));
            // Offered while halted: admitted by the live nodes, but nothing can commit them yet.
            List<ClusterTraffic.Sent> duringHalt = traffic.submitWishes(20, List.of(0, 1), WaitFor.COMMITTED);

            // observing an absence takes the whole window: the height must hold still throughout it
            TestWaits.await("no block without quorum", NO_PROGRESS_WINDOW.plusSeconds(5), Duration.ofMillis(200))
                    .during(NO_PROGRESS_WINDOW)
                    .untilAsserted(() -> assertEquals(halted, Math.max(cluster.height(0), cluster.height(1)),
                            "a block committed without quorum (seed " + SEED + ")"));
            assertTrue(duringHalt.stream().noneMatch(s -> s.answer().isDone() && s.answer().join().hasCommitted()),
                    "a wish was acknowledged as committed without quorum");

            cluster.restart(2, 3);
            cluster.awaitHeight(0, halted + 2, Duration.ofSeconds(90));
            Map<String, Long> afterResume = traffic.awaitCommitted(duringHalt, Duration.ofSeconds(90));
            assertEquals(duringHalt.size(), afterResume.size());
            assertTrue(Collections.min(afterResume.values()) > halted);

            long last = Collections.max(afterResume.values());
            for (int node : cluster.all()) {
                cluster.awaitHeight(node, last, Duration.ofSeconds(90));
                var ids = ClusterAssertions.allWishIds(cluster.rpc(node));
                for (String id : acknowledged.keySet()) {
                    assertTrue(ids.contains(id), "node" + node + " lost acknowledged wish " + id + " (seed " + SEED + ")");
                    assertEquals((long) acknowledged.get(id), cluster.rpc(node).wish(Hex.decode(id)).getHeight());
                }
                assertTrue(ids.containsAll(afterResume.keySet()));
            }
            assertFalse(acknowledged.isEmpty());
        }
        cluster.awaitSameTip(cluster.all(), Duration.ofSeconds(60));
    }
}
