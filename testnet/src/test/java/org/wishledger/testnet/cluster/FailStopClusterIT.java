package org.wishledger.testnet.cluster;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.node.NodeHome;
import org.wishledger.testnet.local.JavaCommand;
import org.wishledger.testnet.local.TestWaits;

/**
 * Issue 9, item 5: a node that cannot run consensus stops with a non-zero exit and a message that says
 * what to do, instead of serving RPC and p2p while never voting. A real node process on a damaged WAL
 * (a record in the middle of the current height's file overwritten), then on an unreadable sign state;
 * following the WAL message (move the WAL aside) brings the node back.
 */
@Tag("cluster")
class FailStopClusterIT {
    private static final long SEED = 9005;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    private record Exit(int code, String output) {
    }

    @Test
    void aDamagedWalOrSignStateStopsTheNodeWithAClearMessage() throws Exception {
        LocalCluster cluster = clusters.start(2, 1, SEED);
        NodeHome home = cluster.home(0);
        cluster.awaitHeight(0, 3, Duration.ofSeconds(60));
        Path walDir = home.dataDir().resolve("cs.wal");
        Path wal = stopInsideAHeight(cluster, home, walDir);
        try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x5a, 0x5a}), 20); // inside the height's first record
            byte[] after = new byte[16];
            Arrays.fill(after, (byte) 0x77);
            ch.write(ByteBuffer.wrap(after), ch.size()); // and data after it: damage, not a torn tail
        }
        Exit walExit = runNode(home);
        assertNotEquals(0, walExit.code(), walExit.output());
        assertTrue(walExit.output().contains("is corrupt") && walExit.output().contains(wal.toString())
                && walExit.output().contains("move the WAL directory aside"), walExit.output());

        // Doing what the message says brings the node back (the sign state still guards its signatures).
        Files.move(walDir, walDir.resolveSibling("cs.wal.damaged"));
        cluster.restart(0, 1);
        long height = cluster.height(0);
        cluster.awaitHeight(0, height + 2, Duration.ofSeconds(60));
        cluster.stop(1);
        cluster.stop(0);

        Path signState = home.dataDir().resolve("sign-state");
        byte[] garbage = new byte[(int) Files.size(signState)];
        Arrays.fill(garbage, (byte) 0x33);
        Files.write(signState, garbage);
        Exit signExit = runNode(home);
        assertNotEquals(0, signExit.code(), signExit.output());
        assertTrue(signExit.output().contains("sign state") && signExit.output().contains(signState.toString()),
                signExit.output());
    }

    /**
     * Stops node0 inside a height and returns the WAL file its next start replays (that of the stored
     * height + 1). Its partner is stopped first: with half of the voting power node0 enters the next
     * height, writes its votes and timeouts there and cannot leave it, so the stop cannot land in the
     * pause between two heights (where no WAL of the next height exists yet).
     */
    private static Path stopInsideAHeight(LocalCluster cluster, NodeHome home, Path walDir) throws Exception {
        cluster.stop(1);
        TestWaits.await("node0 inside the height after its last commit", Duration.ofSeconds(60), Duration.ofMillis(100))
                .until(() -> Files.exists(walDir.resolve(walName(cluster.height(0) + 1))));
        cluster.stop(0);
        long stored;
        try (LedgerStore store = LedgerStore.open(home.ledgerDir())) {
            stored = store.height();
        }
        Path next = walDir.resolve(walName(stored + 1));
        assertTrue(Files.exists(next), "node0 stopped inside height " + (stored + 1));
        return next;
    }

    private static String walName(long height) {
        return String.format("%020d.wal", height);
    }

    /** Runs {@code wishledger node start} on the home in a fresh JVM and waits for it to exit by itself. */
    private static Exit runNode(NodeHome home) throws Exception {
        Path log = Files.createTempFile("fail-stop-", ".log");
        Process p = new ProcessBuilder(JavaCommand.current().command(List.of("node", "start", "--home",
                home.path().toString())))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the node kept running on damaged state:\n" + Files.readString(log));
            }
            return new Exit(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
