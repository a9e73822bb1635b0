package org.wishledger.scoring.ann;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.wishledger.scoring.store.VectorStore;

/**
 * Keeps an {@link IvfIndex} in step with a {@link VectorStore} and says when a gate query should use it: built
 * once the store reaches {@link Config#minRows()} (AUTO), extended by {@link #sync()} as wishes are appended,
 * persisted in {@code dir} beside the store ({@link #flush()}), rebuilt when it has grown
 * {@link IvfIndex#RETRAIN_GROWTH}x past its training, and discarded when the store was rebuilt for another model.
 *
 * <p>Below {@code minRows} the exact scan stays the default: it is exact and, there, not slower (crossover
 * measured in docs/benchmarks-scoring.md, "Approximate gate at scale").
 *
 * <p>Threads: the store's writer calls {@link #sync()}, {@link #flush()} and {@link #close()} (before closing the
 * store); {@link #search} must not run concurrently with them (the node already serialises scoring with block
 * application). Builds run on a thread of their own ({@link Config#background()}), reading rows the store has
 * published; only the swap and the catch-up of the rows appended meanwhile run on the writer's thread.
 */
public final class ApproximateGate implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApproximateGate.class);
    /** Largest top-k sent to the IVF (the measured default gate is k = 1024). */
    public static final int MAX_K = 4096;

    /** EXACT: never use the IVF; APPROXIMATE: always (once built); AUTO: from {@code minRows} rows on. */
    public enum Mode { AUTO, EXACT, APPROXIMATE }

    /**
     * @param mode     when the approximate gate is used
     * @param minRows  AUTO switches to the IVF at this many stored rows (and builds it then)
     * @param nprobe     lists scanned per query
     * @param background build on a thread of its own (the node); false: {@link #sync()} waits for the build
     */
    public record Config(Mode mode, int minRows, int nprobe, boolean background) {
        /** Crossover and probe count measured at 10^5..10^7 (docs/benchmarks-scoring.md). */
        public static final int DEFAULT_MIN_ROWS = 500_000;
        public static final int DEFAULT_NPROBE = 64;

        public Config {
            if (mode == null || minRows < 1 || nprobe < 1) {
                throw new IllegalArgumentException("mode required, minRows and nprobe must be >= 1");
            }
        }

        public static Config defaults() {
            return new Config(Mode.AUTO, DEFAULT_MIN_ROWS, DEFAULT_NPROBE, true);
        }

        /** {@code wishledger.scoring.gate} = auto | exact | approximate, {@code .gateMinRows}, {@code .nprobe}. */
        public static Config fromSystemProperties() {
            String m = System.getProperty("wishledger.scoring.gate", "auto");
            Mode mode = switch (m) {
                case "auto" -> Mode.AUTO;
                case "exact" -> Mode.EXACT;
                case "approximate" -> Mode.APPROXIMATE;
                default -> throw new IllegalArgumentException(
                        "wishledger.scoring.gate must be auto, exact or approximate, got " + m);
            };
            return new Config(mode, Integer.getInteger("wishledger.scoring.gateMinRows", DEFAULT_MIN_ROWS),
                    Integer.getInteger("wishledger.scoring.nprobe", DEFAULT_NPROBE), true);
        }
    }

    private final Path dir; // null: in memory
    private final VectorStore store;
    private final Config config;
    private final IvfBuilder builder;
    private final StoreRows rows;
    private IvfIndex ivf;
    /** A build in flight: completes with the in-memory index, or null when it was built into building(). */
    private CompletableFuture<IvfIndex> pending;

    /**
     * Opens the gate for {@code store}, reusing the index persisted in {@code dir} (null: kept in memory only) when
     * it matches the store; otherwise it is built when first needed.
     */
    public ApproximateGate(Path dir, VectorStore store, Config config, IvfBuilder builder) {
        this.dir = dir;
        this.store = store;
        this.config = config;
        this.builder = builder;
        this.rows = new StoreRows(store);
        if (dir != null && config.mode() != Mode.EXACT && !store.rebuilt()) {
            IvfIndex found = IvfIndex.open(dir, store.modelId(), store.dimensions());
            if (found != null && found.rows() > store.count()) {
                // the store lost rows the index has (it was not flushed first): those rows may be reused
                LOG.info("discarding IVF index in {}: it covers {} rows, the store {}", dir,
                        found.rows(), store.count());
                found.close();
                found = null;
            }
            ivf = found;
        }
        sync();
    }

    public ApproximateGate(Path dir, VectorStore store, Config config) {
        this(dir, store, config, new IvfBuilder());
    }

    public Config config() {
        return config;
    }

    /** True when gate queries should go to the IVF now. */
    public boolean active() {
        return ivf != null && config.mode() != Mode.EXACT;
    }

    /**
     * True when a gate of top {@code k} should go to the IVF now. Only top-k gates do: a threshold-only gate
     * ({@code k = 0}) can admit a large share of the ledger (43% of the real sample at the default 0.2), which no
     * index finds by scanning a few lists; and recall was measured for k up to {@link #MAX_K}.
     */
    public boolean usableFor(int k) {
        return active() && k >= 1 && k <= MAX_K;
    }

    /** The current index, or null before it is built. */
    public IvfIndex index() {
        return ivf;
    }

    /**
     * Brings the gate up to the store's rows, on the writer's thread: installs a finished build (catching it up with
     * the rows appended meanwhile), starts a build once AUTO reaches {@code minRows} (APPROXIMATE: at the first
     * row) or when the index has grown {@link IvfIndex#RETRAIN_GROWTH}x past its training, and appends new rows to
     * the current index. With {@link Config#background()} a build runs on its own thread and the exact gate (first
     * build) or the previous index (rebuild) keeps serving until it is installed; without, sync waits for it.
     *
     * @return rows the active index covers (0: none yet)
     */
    public int sync() {
        int n = store.count();
        if (config.mode() == Mode.EXACT || n == 0) {
            return 0;
        }
        install(false);
        if (ivf != null) {
            ivf.add(rows);
        }
        boolean due = ivf == null ? config.mode() == Mode.APPROXIMATE || n >= config.minRows() : ivf.needsRetrain();
        if (due && pending == null) {
            if (ivf != null) {
                LOG.info("IVF index grew from {} to {} rows since training: rebuilding",
                        ivf.trainedRows(), ivf.rows());
            }
            start(n);
            if (!config.background()) {
                install(true);
            }
        }
        return ivf == null ? 0 : ivf.rows();
    }

    /** Writer thread, for tests and shutdown paths: waits up to {@code timeout} for a running build and installs it. */
    public boolean awaitBuild(Duration timeout) {
        if (pending == null) {
            return true;
        }
        try {
            pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            // reported by install
        }
        install(true);
        return true;
    }

    /** Builds over rows [0, n) into {@code <dir>.building} (or memory), so the old index stays whole meanwhile. */
    private void start(int n) {
        Path target = building();
        String modelId = store.modelId();
        StoreRows source = new StoreRows(store);
        pending = CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            IvfIndex built;
            if (target == null) {
                built = builder.build(source, n, null, modelId);
            } else {
                try {
                    deleteTree(target);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot clear " + target, e);
                }
                builder.build(source, n, target, modelId).close();
                built = null; // reopened from its final place by install
            }
            LOG.info("built IVF index over {} rows in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
            return built;
        }, task -> {
            Thread t = new Thread(task, "ivf-build");
            t.setDaemon(true);
            t.start();
        });
    }

    private Path building() {
        return dir == null ? null : dir.resolveSibling(dir.getFileName() + ".building");
    }

    /** Swaps a finished build in (waiting for it when {@code wait}); a failed build is logged and retried later. */
    private void install(boolean wait) {
        if (pending == null || (!wait && !pending.isDone())) {
            return;
        }
        IvfIndex built;
        try {
            built = pending.join();
        } catch (CompletionException | CancellationException e) {
            LOG.error("building the IVF index failed; the current gate stays", e.getCause());
            pending = null;
            return;
        }
        pending = null;
        if (ivf != null) {
            ivf.close();
            ivf = null;
        }
        if (dir != null) {
            try {
                deleteTree(dir); // a crash from here to the move leaves no index: the next start builds one
                Files.move(building(), dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move the IVF index into " + dir, e);
            }
            built = IvfIndex.open(dir, store.modelId(), store.dimensions());
            if (built == null) {
                throw new IllegalStateException("IVF index just built in " + dir + " does not open");
            }
        }
        built.add(rows); // the rows appended while it was being built
        ivf = built;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /**
     * The approximate gate of one prompt (see {@link IvfIndex#search}) with the configured nprobe, into
     * {@code s.admitted()}.
     *
     * @throws IllegalStateException when not {@link #active()}
     */
    public void search(float[] prompt, int k, float threshold, long[] burns, IvfScratch s) {
        if (!active()) {
            throw new IllegalStateException("the approximate gate is not built (mode " + config.mode() + ", "
                    + store.count() + " rows, minRows " + config.minRows() + ")");
        }
        ivf.search(prompt, k, threshold, config.nprobe(), burns, s);
    }

    /** Store first, then the index: the index never claims rows the store could lose. */
    public void flush() {
        if (ivf != null) {
            store.flush();
            ivf.flush();
        }
    }

    /** Waits for a running build (it reads the store, which the caller closes next), then closes the index. */
    @Override
    public void close() {
        if (pending != null) {
            try {
                IvfIndex orphan = pending.join();
                if (orphan != null) {
                    orphan.close();
                }
            } catch (CompletionException | CancellationException e) {
                // nothing to keep
            }
            pending = null;
        }
        if (ivf != null) {
            if (dir != null) {
                flush();
            }
            ivf.close();
            ivf = null;
        }
    }
}
