package org.wishledger.testnet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wishledger.testnet.cli.Main;
import org.wishledger.testnet.proto.VerifyReport;
import org.wishledger.client.ProtoJson;

/**
 * Issue 4, must show 2: SIGKILL one validator under load; the other three keep committing; restarted,
 * it catches up by block sync and {@code chain verify} passes on its data.
 */
@Tag("cluster")
class CrashRecoveryClusterIT {
    private static final long SEED = 2002;
    private static final int VICTIM = 3;
    private static final List<Integer> SURVIVORS = List.of(0, 1, 2);

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void killedValidatorCatchesUpAndItsChainVerifies() throws Exception {
        LocalCluster cluster = clusters.start(4, 12, SEED);
        Map<String, Long> committed;
        List<ClusterTraffic.Sent> sent;
        long caughtUpTo;
        try (ClusterTraffic traffic = new ClusterTraffic(cluster, SEED)) {
            // Load goes to the survivors only: txs queued in the victim's mempool die with it, by design.
            ClusterTraffic.SteadyLoad load = traffic.steadyLoad(SURVIVORS, 100);
            cluster.awaitHeight(0, cluster.height(0) + 3, Duration.ofSeconds(60));

            cluster.kill(VICTIM);
            assertFalse(cluster.isRunning(VICTIM));
            long atKill = SURVIVORS.stream().mapToLong(n -> heightOf(cluster, n)).max().orElseThrow();
            for (int n : SURVIVORS) {
                cluster.awaitHeight(n, atKill + 5, Duration.ofSeconds(60)); // three of four keep committing
            }

            cluster.restart(VICTIM);
            caughtUpTo = cluster.height(0);
            cluster.awaitHeight(VICTIM, caughtUpTo, Duration.ofSeconds(90));

            sent = load.stop();
            assertTrue(sent.size() > 100, "load actually ran: " + sent.size());
            committed = traffic.awaitCommitted(sent, Duration.ofSeconds(90));
        }
        cluster.awaitSameTip(cluster.all(), Duration.ofSeconds(60));
        // Every acknowledged wish is on the restarted node, at the height the client was told.
        assertEquals(sent.size(), committed.size(), "every sent wish was acknowledged as committed");
        var victim = cluster.rpc(VICTIM);
        for (Map.Entry<String, Long> ack : committed.entrySet()) {
            var wish = victim.wish(org.wishledger.ledger.crypto.Hex.decode(ack.getKey()));
            assertEquals(ack.getKey(), wish.getId());
            assertEquals((long) ack.getValue(), wish.getHeight(), "wish " + ack.getKey() + " (seed " + SEED + ")");
        }

        cluster.stop(VICTIM); // an audit reads a store nobody writes
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err))
                .execute("chain", "verify", "--home", cluster.home(VICTIM).path().toString(), "--json");
        assertEquals(0, code, "chain verify failed (seed " + SEED + "): " + err + out);
        VerifyReport report = ProtoJson.parse(out.toString(), VerifyReport.newBuilder()).build();
        assertTrue(report.getOk(), report.getMismatch());
        assertTrue(report.getHeight() >= caughtUpTo, "verified up to " + report.getHeight() + " < " + caughtUpTo);
    }

    private static long heightOf(LocalCluster cluster, int node) {
        try {
            return cluster.height(node);
        } catch (java.io.IOException e) {
            throw new AssertionError("node" + node + " RPC: " + e.getMessage(), e);
        }
    }
}
