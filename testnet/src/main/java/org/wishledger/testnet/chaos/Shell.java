package org.wishledger.testnet.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the system tools a chaos run is built from (iptables, kill, mount, cp) and fails loudly. */
final class Shell {
    private Shell() {
    }

    /** Runs {@code command}; a non-zero exit or a hang of 60 s throws with the tool's own output. */
    static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Like {@link #run} but a failure is ignored (clean-up of what may not exist). */
    static void quietly(String... command) {
        try {
            run(command);
        } catch (IOException ignored) {
            // nothing to clean up
        }
    }

    /** Is {@code tool} on the PATH? */
    static boolean has(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (new java.io.File(dir, tool).canExecute()) {
                return true;
            }
        }
        return List.of("/usr/sbin", "/sbin").stream().anyMatch(d -> new java.io.File(d, tool).canExecute());
    }
}
