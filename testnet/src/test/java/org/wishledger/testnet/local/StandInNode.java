package org.wishledger.testnet.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for {@code wishledger node start --home H} in process tests: it announces itself in
 * H/ready and waits. If H/ignore-sigterm exists its shutdown hook never finishes, like a node stuck
 * in shutdown, so only SIGKILL ends it.
 */
public final class StandInNode {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[3]);
        if (Files.exists(home.resolve("ignore-sigterm"))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException ignored) {
                    // keep blocking shutdown until killed
                }
            }));
        }
        Files.writeString(home.resolve("ready"), Long.toString(ProcessHandle.current().pid()));
        Thread.sleep(Long.MAX_VALUE);
    }
}
