package org.wishledger.ledger.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wishledger.ledger.proto.SnapshotManifest;

/**
 * The snapshots a node keeps to serve state sync: one folder per height under {@code dir}, taken every
 * {@code interval} blocks and pruned to the newest {@code keep}. Taking one reads a store snapshot
 * (an LMDB read transaction) and never blocks the block writer; call it from a background thread.
 */
public final class SnapshotStore {
    private final Path dir;
    private final long interval;
    private final int keep;

    public SnapshotStore(Path dir, long interval, int keep) {
        if (interval <= 0 || keep <= 0) {
            throw new IllegalArgumentException("interval and keep must be positive: " + interval + ", " + keep);
        }
        this.dir = dir;
        this.interval = interval;
        this.keep = keep;
    }

    public boolean due(long height) {
        return height > 0 && height % interval == 0;
    }

    /** Snapshots the store's current state and prunes old snapshots; returns the manifest. */
    public SnapshotManifest take(LedgerStore store) {
        SnapshotManifest m;
        try (StoreSnapshot s = store.snapshot()) {
            m = StateSnapshotWriter.write(s, dir);
        }
        prune();
        return m;
    }

    /** Heights of the complete snapshots held, oldest first. */
    public List<Long> heights() {
        List<Long> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && Files.exists(p.resolve(StateSnapshotWriter.MANIFEST))) {
                    out.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list snapshots in " + dir, e);
        }
        out.sort(null);
        return out;
    }

    public Optional<SnapshotManifest> manifest(long height) {
        Path f = dir.resolve(Long.toString(height)).resolve(StateSnapshotWriter.MANIFEST);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SnapshotManifest.parseFrom(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** The encoded chunk as served to a peer (who verifies it), or empty. */
    public Optional<byte[]> chunk(long height, int index) {
        Path f = dir.resolve(Long.toString(height)).resolve(StateSnapshotWriter.chunkName(index));
        try {
            return Files.exists(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    private void prune() {
        List<Long> hs = heights();
        try {
            for (int i = 0; i < hs.size() - keep; i++) {
                SnapshotFiles.deleteTree(dir.resolve(Long.toString(hs.get(i))));
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.tmp")) {
                for (Path p : entries) { // left by a crash while writing
                    SnapshotFiles.deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune snapshots in " + dir, e);
        }
    }
}
