package org.wishledger.testnet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wishledger.client.RpcClient;
import org.wishledger.node.NodeHome;
import org.wishledger.node.proto.NodeConfig;
import org.wishledger.testnet.local.TestnetSpec;

/**
 * Issue 14 item 2, must show: a late node joins by state sync and then follows consensus. Four
 * validators take snapshots every {@value #INTERVAL} blocks while they commit a few thousand wishes; a
 * fifth node (a full node: its key is not in the genesis validator set; {@code testnet init --full-nodes 1},
 * all four validators as persistent peers) then starts on an empty store with {@code state_sync} on. It
 * must restore a snapshot (no block 1 in its store, its log names the restored height), block-sync the
 * heights after it and then follow consensus: same block id and app hash at the same heights as the
 * validators, past the height it joined at.
 */
@Tag("cluster")
class StateSyncClusterIT {
    private static final long SEED = 1402;
    private static final int INTERVAL = 20;
    private static final int LATE = 4; // the full node
    private static final List<Integer> OTHERS = List.of(0, 1, 2, 3);
    private static final Pattern RESTORED = Pattern.compile("state sync restored height\\D+(\\d+)");

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void aLateNodeJoinsByStateSyncAndFollowsConsensus() throws Exception {
        LocalCluster cluster = clusters.start(TestnetSpec.defaults(4, 12).withKeySeed(SEED)
                .withChainId("wishledger-it-" + SEED).withFullNodes(1));
        assertEquals(4, cluster.genesis().getValidatorsCount());
        for (int n : cluster.all()) {
            cluster.stop(n);
            rewriteConfig(cluster.home(n), c -> c.setSnapshotInterval(INTERVAL).setSnapshotKeep(2));
        }
        cluster.restart(0, 1, 2, 3); // the full node stays down until it joins late

        int wishes;
        try (ClusterTraffic traffic = new ClusterTraffic(cluster, SEED)) {
            ClusterTraffic.SteadyLoad load = traffic.steadyLoad(OTHERS, 150);
            cluster.awaitHeight(0, 2L * INTERVAL + 5, Duration.ofSeconds(90));
            List<ClusterTraffic.Sent> sent = load.stop();
            Map<String, Long> committed = traffic.awaitCommitted(sent, Duration.ofSeconds(60));
            wishes = committed.size();
        }
        assertTrue(wishes >= 1_000, "a few thousand wishes committed (seed " + SEED + "): " + wishes);
        cluster.note(wishes + " wishes committed");

        NodeHome late = cluster.home(LATE); // it ran only at the cluster's start: its store has a genesis
        deleteTree(late.ledgerDir());
        deleteTree(late.dataDir().resolve("cs.wal"));
        deleteTree(late.dataDir().resolve("snapshots"));
        rewriteConfig(late, c -> c.setStateSync(true));

        long before = cluster.height(0);
        try (ClusterTraffic traffic = new ClusterTraffic(cluster, SEED + 1)) {
            ClusterTraffic.SteadyLoad load = traffic.steadyLoad(OTHERS, 50);
            cluster.restart(LATE);
            cluster.awaitHeight(LATE, before, Duration.ofSeconds(60));
            long joined = cluster.height(0);
            cluster.awaitHeight(LATE, joined + 5, Duration.ofSeconds(60)); // follows consensus, not just sync
            load.stop();
        }

        String all = processLog(late);
        int since = all.lastIndexOf("looking for snapshots");
        assertTrue(since >= 0, "the late node started in state-sync mode:\n" + late.tailProcessLog(60));
        String log = all.substring(since); // this run only: the first run of the node synced from genesis
        Matcher m = RESTORED.matcher(log);
        assertTrue(m.find(), "the late node's log says state sync restored a height:\n" + late.tailProcessLog(60));
        long restoredAt = Long.parseLong(m.group(1));
        assertTrue(restoredAt >= INTERVAL && restoredAt % INTERVAL == 0, "restored at a snapshot height: " + restoredAt);
        assertFalse(log.contains("block sync starting at height 0"), "the late node did not replay from genesis");

        RpcClient lateRpc = cluster.rpc(LATE);
        RpcClient.RpcCallException noBlock1 = assertThrows(RpcClient.RpcCallException.class, () -> lateRpc.block(1),
                "the restored store has no block 1");
        assertEquals(404, noBlock1.httpStatus(), noBlock1.getMessage());

        var tip = cluster.awaitSameTip(cluster.all(), Duration.ofSeconds(60));
        for (long h = restoredAt + 1; h <= tip.getHeight(); h += Math.max(1, (tip.getHeight() - restoredAt) / 10)) {
            var mine = lateRpc.block(h);
            var theirs = cluster.rpc(0).block(h);
            assertEquals(theirs.getBlockId(), mine.getBlockId(), "block id at " + h);
            assertEquals(theirs.getAppHash(), mine.getAppHash(), "app hash at " + h);
        }
        cluster.note("late node restored height " + restoredAt + " and agrees up to " + tip.getHeight());
    }

    private static void rewriteConfig(NodeHome home, java.util.function.Consumer<NodeConfig.Builder> edit) throws Exception {
        NodeConfig.Builder c = home.readConfig().toBuilder();
        edit.accept(c);
        NodeHome.writeJson(home.nodeConfigFile(), c);
    }

    private static String processLog(NodeHome home) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> files = Files.list(home.logsDir())) {
            for (Path f : files.sorted().toList()) {
                b.append(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        return b.toString();
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
