package org.wishledger.testnet.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.wishledger.node.NodeHome;
import org.wishledger.node.logging.LogFormat;

/**
 * Starts node processes ({@code wishledger node start --home H} in a fresh JVM) and stops exactly the
 * ones it started, by pid: SIGTERM first so the node closes LMDB and its WAL cleanly, SIGKILL after a
 * grace period.
 */
public final class NodeProcesses {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    private static final Path SETSID = findSetsid();

    private NodeProcesses() {
    }

    /**
     * Starts the node at {@code home} with output appended to logs/node.out and records its pid.
     *
     * @param detach run it in its own session (setsid) so it outlives the terminal and a Ctrl-C of the
     *               CLI; tests do not detach, so their nodes die with the test JVM's process group
     */
    public static ProcessHandle start(NodeHome home, JavaCommand java, boolean detach) throws IOException {
        return start(home, java, detach, null, Map.of());
    }

    /**
     * @param logFormat passed on as {@code --log-format}; null leaves it to the node's node.json
     * @param extraEnv  extra environment variables for the node's JVM (a chaos run's clock skew
     *                  preloads libfaketime this way)
     */
    public static ProcessHandle start(NodeHome home, JavaCommand java, boolean detach, LogFormat logFormat,
                                      Map<String, String> extraEnv)
            throws IOException {
        Optional<ProcessHandle> running = running(home);
        if (running.isPresent()) {
            throw new IOException(home.name() + " is already running as pid " + running.get().pid()
                    + "; stop it first (`wishledger testnet down`)");
        }
        Files.createDirectories(home.logsDir());
        List<String> command = new ArrayList<>();
        if (detach && SETSID != null) {
            // setsid execs in place (the child is not a process-group leader), so the pid stays the JVM's
            command.add(SETSID.toString());
        }
        List<String> nodeArgs = new ArrayList<>(List.of("node", "start", "--home", home.path().toString()));
        if (logFormat != null) {
            nodeArgs.addAll(List.of("--log-format", logFormat.label()));
        }
        command.addAll(java.withExtraJvmArgs(NodeJitFlags.fromEnvironment()).command(nodeArgs));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.path().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.processLog().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        ProcessHandle handle = process.toHandle();
        PidFile.of(handle).write(home.pidFile());
        return handle;
    }

    /** The process the CLI started for this home, if it is still alive. */
    public static Optional<ProcessHandle> running(NodeHome home) throws IOException {
        Optional<PidFile> pid = PidFile.read(home.pidFile());
        return pid.flatMap(PidFile::liveProcess);
    }

    /** Outcome of stopping one node. */
    public enum Stopped { NOT_RUNNING, TERMINATED, KILLED }

    /** Stops the node's recorded process (and only it), then removes the pid file. */
    public static Stopped stop(NodeHome home, Duration grace) throws IOException {
        Optional<ProcessHandle> process = running(home);
        Stopped result = process.isEmpty() ? Stopped.NOT_RUNNING : stop(process.get(), grace);
        Files.deleteIfExists(home.pidFile());
        return result;
    }

    public static Stopped stop(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return Stopped.NOT_RUNNING;
        }
        process.destroy(); // SIGTERM
        if (awaitExit(process, grace)) {
            return Stopped.TERMINATED;
        }
        process.destroyForcibly(); // SIGKILL
        awaitExit(process, Duration.ofSeconds(10));
        return Stopped.KILLED;
    }

    /** SIGKILL now: what a crash looks like to the node's disk (tests use it). */
    public static void kill(NodeHome home) throws IOException {
        Optional<ProcessHandle> process = running(home);
        if (process.isPresent()) {
            process.get().destroyForcibly();
            awaitExit(process.get(), Duration.ofSeconds(10));
        }
        Files.deleteIfExists(home.pidFile());
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    private static Path findSetsid() {
        for (String candidate : new String[]{"/usr/bin/setsid", "/bin/setsid"}) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
