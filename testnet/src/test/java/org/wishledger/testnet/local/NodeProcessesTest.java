package org.wishledger.testnet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.node.NodeHome;

/** Real child JVMs: started with the CLI's java, flags and classpath, stopped only by their own pid. */
class NodeProcessesTest {
    private static final JavaCommand STAND_IN = JavaCommand.current()
            .withExtraJvmArgs(List.of("-Xmx64m"))
            .withMainClass(StandInNode.class.getName());

    @TempDir
    Path dir;
    private NodeHome home;

    @AfterEach
    void cleanUp() throws IOException {
        if (home != null) {
            NodeProcesses.running(home).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void startRecordsThePidAndStopTerminatesGracefully() throws Exception {
        home = new NodeHome(Files.createDirectories(dir.resolve("node0")));
        ProcessHandle p = NodeProcesses.start(home, STAND_IN, false);
        awaitReady(p);
        assertEquals(p.pid(), PidFile.read(home.pidFile()).orElseThrow().pid());
        assertEquals(p.pid(), NodeProcesses.running(home).orElseThrow().pid());
        IOException twice = assertThrows(IOException.class, () -> NodeProcesses.start(home, STAND_IN, false));
        assertTrue(twice.getMessage().contains("already running"), twice.getMessage());

        assertEquals(NodeProcesses.Stopped.TERMINATED, NodeProcesses.stop(home, Duration.ofSeconds(10)));
        assertFalse(p.isAlive());
        assertFalse(Files.exists(home.pidFile()));
        assertEquals(NodeProcesses.Stopped.NOT_RUNNING, NodeProcesses.stop(home, Duration.ofSeconds(1)));
    }

    @Test
    void aNodeThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        home = new NodeHome(Files.createDirectories(dir.resolve("node1")));
        Files.writeString(home.path().resolve("ignore-sigterm"), "");
        ProcessHandle p = NodeProcesses.start(home, STAND_IN, true);
        awaitReady(p);
        long t0 = System.nanoTime();
        assertEquals(NodeProcesses.Stopped.KILLED, NodeProcesses.stop(home, Duration.ofMillis(700)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(700).toNanos());
        assertFalse(p.isAlive());
    }

    @Test
    void aPidFileNamingSomeoneElsesProcessIsNeverSignalled() throws Exception {
        home = new NodeHome(Files.createDirectories(dir.resolve("node2")));
        // This test JVM is alive, but it is not the process the pid file says was started then.
        new PidFile(ProcessHandle.current().pid(), Instant.parse("2001-01-01T00:00:00Z")).write(home.pidFile());
        assertTrue(NodeProcesses.running(home).isEmpty());
        assertEquals(NodeProcesses.Stopped.NOT_RUNNING, NodeProcesses.stop(home, Duration.ofSeconds(1)));
        assertTrue(ProcessHandle.current().isAlive());
        home = null;
    }

    @Test
    void outputGoesToTheNodesLog() throws Exception {
        home = new NodeHome(Files.createDirectories(dir.resolve("node3")));
        ProcessHandle p = NodeProcesses.start(home, STAND_IN.withMainClass("no.such.MainClass"), false);
        TestWaits.await("the process to exit", Duration.ofSeconds(20), Duration.ofMillis(50)).until(() -> !p.isAlive());
        String log = Files.readString(home.processLog());
        assertTrue(log.contains("no.such.MainClass"), log);
        assertTrue(NodeProcesses.running(home).isEmpty());
    }

    private void awaitReady(ProcessHandle p) throws Exception {
        TestWaits.await("stand-in node " + p.pid() + " ready", Duration.ofSeconds(20), Duration.ofMillis(25)).until(() -> {
            if (!p.isAlive()) {
                throw new Await.GiveUp("stand-in exited: " + home.tailProcessLog(10));
            }
            return Files.exists(home.path().resolve("ready"));
        });
    }
}
