package org.wishledger.scoring.ann;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
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
 * <p>Threads: the store's writer calls {@link #sync()} and {@link #flush()}; {@link #search} must not run
 * concurrently with them (the node already serialises scoring with block application). A rebuild runs on the
 * writer's thread: ~2 min at 10^7 rows, once per 4x growth (docs/scoring.md says why it is not backgrounded yet).
 */
public final class ApproximateGate implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ApproximateGate.class.getName());

    /** EXACT: never use the IVF; APPROXIMATE: always (once built); AUTO: from {@code minRows} rows on. */
    public enum Mode { AUTO, EXACT, APPROXIMATE }

    /**
     * @param mode     when the approximate gate is used
     * @param minRows  AUTO switches to the IVF at this many stored rows (and builds it then)
     * @param nprobe   lists scanned per query
     */
    public record Config(Mode mode, int minRows, int nprobe) {
        /** Crossover and probe count measured at 10^5..10^7 (docs/benchmarks-scoring.md). */
        public static final int DEFAULT_MIN_ROWS = 1_000_000;
        public static final int DEFAULT_NPROBE = 128;

        public Config {
            if (mode == null || minRows < 1 || nprobe < 1) {
                throw new IllegalArgumentException("mode required, minRows and nprobe must be >= 1");
            }
        }

        public static Config defaults() {
            return new Config(Mode.AUTO, DEFAULT_MIN_ROWS, DEFAULT_NPROBE);
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
                    Integer.getInteger("wishledger.scoring.nprobe", DEFAULT_NPROBE));
        }
    }

    private final Path dir; // null: in memory
    private final VectorStore store;
    private final Config config;
    private final IvfBuilder builder;
    private final StoreRows rows;
    private IvfIndex ivf;

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
                LOG.log(Level.INFO, "discarding IVF index in {0}: it covers {1} rows, the store {2}", dir,
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

    /** The current index, or null before it is built. */
    public IvfIndex index() {
        return ivf;
    }

    /**
     * Brings the index up to the store's rows: builds it once AUTO reaches {@code minRows} (APPROXIMATE: at the
     * first row), appends new rows, rebuilds after {@link IvfIndex#RETRAIN_GROWTH}x growth. Returns rows added.
     */
    public int sync() {
        int n = store.count();
        if (config.mode() == Mode.EXACT || n == 0) {
            return 0;
        }
        if (ivf == null) {
            if (config.mode() == Mode.AUTO && n < config.minRows()) {
                return 0;
            }
            ivf = build(n);
            return n;
        }
        int added = ivf.add(rows);
        if (ivf.needsRetrain()) {
            LOG.log(Level.INFO, "IVF index grew from {0} to {1} rows since training: rebuilding",
                    ivf.trainedRows(), ivf.rows());
            IvfIndex old = ivf;
            ivf = null;
            old.close();
            ivf = build(store.count());
        }
        return added;
    }

    /** Builds into a fresh folder and moves it into place, so a crash mid-build leaves the old index (or none). */
    private IvfIndex build(int n) {
        long t0 = System.nanoTime();
        if (dir == null) {
            return builder.build(rows, n, null, store.modelId());
        }
        Path fresh = dir.resolveSibling(dir.getFileName() + ".building");
        try {
            deleteTree(fresh);
            builder.build(rows, n, fresh, store.modelId()).close();
            deleteTree(dir);
            Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the IVF index in " + dir, e);
        }
        IvfIndex built = IvfIndex.open(dir, store.modelId(), store.dimensions());
        if (built == null) {
            throw new IllegalStateException("IVF index just built in " + dir + " does not open");
        }
        LOG.log(Level.INFO, "built IVF index over {0} rows ({1} lists) in {2} ms", n, built.lists(),
                (System.nanoTime() - t0) / 1_000_000);
        return built;
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

    @Override
    public void close() {
        if (ivf != null) {
            if (dir != null) {
                flush();
            }
            ivf.close();
            ivf = null;
        }
    }
}
