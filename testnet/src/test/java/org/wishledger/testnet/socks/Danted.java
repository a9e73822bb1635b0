package org.wishledger.testnet.socks;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.wishledger.client.HostPort;
import org.wishledger.testnet.local.FreePorts;
import org.wishledger.testnet.local.TestWaits;

/**
 * A real SOCKS5 server for tests: Debian's dante-server ({@code danted}) on 127.0.0.1, no
 * authentication, its own config and log file in the test's folder, debug level 1 so the log shows
 * each request's address type and address (which proves whether a name was resolved by the client or
 * by the proxy). Missing danted is a test failure, not a skip: the proxy path must be tested in CI.
 */
public final class Danted implements AutoCloseable {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/danted"), Path.of("/usr/bin/danted"));

    private final Process process;
    private final HostPort address;
    private final Path log;

    private Danted(Process process, HostPort address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    public static Danted start(Path dir) throws Exception {
        Path binary = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (binary == null) {
            fail("danted (Debian's SOCKS5 server) is not installed: install dante-server "
                    + "(apt-get install -y dante-server; .ci/run does this) to test the anonymous spend's --proxy path");
        }
        int port = FreePorts.allocate("127.0.0.1", 1)[0];
        Path log = dir.resolve("danted.log");
        Path config = dir.resolve("danted.conf");
        Files.writeString(config, String.join("\n",
                "logoutput: " + log,
                "internal: 127.0.0.1 port = " + port,
                "external: 127.0.0.1",
                "socksmethod: none",
                "clientmethod: none",
                "client pass {",
                "  from: 127.0.0.0/8 to: 0.0.0.0/0",
                "  log: connect disconnect error",
                "}",
                "socks pass {",
                "  from: 127.0.0.0/8 to: 0.0.0.0/0",
                "  command: connect",
                "  log: connect disconnect error",
                "}", ""));
        Process p = new ProcessBuilder(binary.toString(), "-f", config.toString(), "-p", dir.resolve("danted.pid").toString(),
                "-N", "1", "-d", "1").redirectErrorStream(true).redirectOutput(dir.resolve("danted.out").toFile()).start();
        Danted danted = new Danted(p, new HostPort("127.0.0.1", port), log);
        try {
            TestWaits.await("danted to listen on 127.0.0.1:" + port, Duration.ofSeconds(20), Duration.ofMillis(50))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new AssertionError("danted exited with " + p.exitValue() + ": " + danted.log());
                        }
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                            return true;
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (Exception | Error e) {
            danted.close();
            throw e;
        }
        return danted;
    }

    public HostPort address() {
        return address;
    }

    /** Everything danted logged so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no danted log yet)";
    }

    /** Stops danted and the children it forked (their ids come from the process we started). */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
