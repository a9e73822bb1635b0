package org.wishledger.testnet.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * Which process the CLI started for a node: its pid and start time. A pid alone can be reused by an
 * unrelated process after a reboot or a crash; the start time tells them apart, so {@code testnet down}
 * never signals a process it did not start.
 */
public record PidFile(long pid, Instant startedAt) {
    /** /proc start times have clock-tick precision; allow for rounding between JVMs. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

    public static PidFile of(ProcessHandle process) {
        return new PidFile(process.pid(), process.info().startInstant().orElse(Instant.EPOCH));
    }

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("started_at", startedAt.toString());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "process started by `wishledger testnet up`; removed by `testnet down`");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Optional<PidFile> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            return Optional.of(new PidFile(Long.parseLong(p.getProperty("pid", "").trim()),
                    Instant.parse(p.getProperty("started_at", "").trim())));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a pid file written by wishledger: " + e.getMessage(), e);
        }
    }

    /** The live process this file names, if it is still the one we started. */
    public Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> {
            Optional<Instant> start = p.info().startInstant();
            return start.isEmpty() || startedAt.equals(Instant.EPOCH)
                    || Duration.between(start.get(), startedAt).abs().compareTo(START_TOLERANCE) <= 0;
        });
    }
}
