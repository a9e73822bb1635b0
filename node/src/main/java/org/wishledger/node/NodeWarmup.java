package org.wishledger.node;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.p2p.secure.FrameCipher;
import org.wishledger.rules.BlockVerdict;
import org.wishledger.rules.CheckedTx;
import org.wishledger.rules.PreVerified;
import org.wishledger.rules.Rules;
import org.wishledger.rules.UnanimousCommit;
import org.wishledger.rules.StoreStateView;

/**
 * Runs the node's per-tx hot paths on a throw-away chain before the node opens its ports, so the JIT
 * has compiled them by the time the first client load arrives.
 *
 * <p>Why (measured, docs/benchmarks.md "Cold start"): on a fresh testnet the first seconds of load found
 * the four node JVMs interpreting: applying a block of 1,533 wishes took 1,415 ms on one node (20–50 ms
 * once warm), validating a proposal 100–300 ms (1–10 ms warm), so the first 1,000/s run had a p50 of
 * 0.5–0.6 s and a p99 of 5.7 s while every later run had ~0.1 s. The work here is what the node does with
 * every tx: protobuf decode, hashing, batch signature verification ({@code decodeAndVerifyAll}), mempool
 * admission and reaping, proposal building, block validation, commit verification and the durable
 * apply into LMDB, plus the wire encoding and the p2p frame cipher (ChaCha20-Poly1305) of txs and blocks.
 *
 * <p>It never touches the real chain: a scratch genesis (fixed seeds, its own chain id, {@link WarmupCorpus})
 * and a scratch LMDB store in a temporary folder under the node's data directory, deleted afterwards.
 *
 * <p>When it stops: once the JIT has gone quiet on these paths, i.e. after at least {@link #MIN_TXS} txs,
 * the compilation time of the last {@link #WINDOW} blocks is at most {@link #QUIET_JIT_SHARE} of their
 * wall time. A fixed tx count was not enough (measured: four nodes warming up at once on two cores ended
 * with blocks still 3–10× slower than warm and the C2 threads busy for a minute of load). It is bounded by
 * a tx count and a wall-time cap, so a slow or crowded machine starts no later than the cap.
 */
final class NodeWarmup {
    private static final NodeLog LOG = NodeLog.of("warmup");
    private static final int TXS_PER_BLOCK = 500;
    private static final int FRAME = 16 * 1024;
    /**
     * The sizes in which a block's txs are signature-checked at admission, in turn: at low rates the
     * verification lanes see batches of one to a few dozen, at high rates hundreds (sums to 500).
     */
    private static final int[] ADMIT_BATCHES = {1, 2, 5, 16, 40, 128, 308};
    /** Never stop for a quiet JIT before this many txs: the first blocks run before C2 has started. */
    static final int MIN_TXS = 6_000;
    static final int WINDOW = 4;
    static final double QUIET_JIT_SHARE = 0.10;
    static final int DEFAULT_TXS = 40_000;
    /** Enough on a crowded two-core machine with four nodes starting at once (docs/node.md, "Warm-up"). */
    static final long DEFAULT_CAP_MS = 20_000;
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;
    /** A small map: the scratch chain holds a few MiB. */
    private static final long SCRATCH_MAP_SIZE = 256L << 20;

    /** Why a warm-up ended. */
    enum Stop { JIT_QUIET, MAX_TXS, CAPPED, FAILED }

    /** What one warm-up did (for the log line and tests). */
    record Result(int txs, int blocks, long millis, Stop stop, List<Long> blockMillis) {
        Result {
            blockMillis = List.copyOf(blockMillis);
        }

        boolean capped() {
            return stop == Stop.CAPPED;
        }
    }

    private NodeWarmup() {
    }

    /**
     * Warms up in a fresh folder under {@code dataDir} (removed afterwards; the corpus file stays). Never
     * throws for a failure of its own scratch chain: a warm-up is an optimisation, so a problem is logged
     * and the node starts cold.
     */
    static Result run(Path dataDir, int maxTxs, long capMillis) {
        long start = System.nanoTime();
        Path dir = null;
        try {
            Files.createDirectories(dataDir);
            WarmupCorpus corpus = new WarmupCorpus();
            List<Tx> signed = corpus.txs(dataDir);
            dir = Files.createTempDirectory(dataDir, "warmup-");
            Result r = warm(dir, corpus, signed, maxTxs, capMillis, start);
            LOG.info("warm-up done", "txs", r.txs(), "blocks", r.blocks(), "ms", r.millis(),
                    "stop", r.stop().name().toLowerCase(java.util.Locale.ROOT),
                    "block_ms", r.blockMillis().toString().replace(" ", ""));
            return r;
        } catch (IOException | RuntimeException | Rejection e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            LOG.warn("warm-up failed, starting cold", "ms", ms, "error", e.toString());
            if (e instanceof Rejection) { // a corpus that does not verify: sign a fresh one next time
                deleteTree(WarmupCorpus.file(dataDir));
            }
            return new Result(0, 0, ms, Stop.FAILED, List.of());
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    private static Result warm(Path dir, WarmupCorpus corpus, List<Tx> signed, int maxTxs, long capMillis, long start)
            throws Rejection, IOException {
        long deadline = start + capMillis * 1_000_000L;
        List<KeyPair> validators = corpus.validators;
        FrameCipher seal = new FrameCipher(new byte[FrameCipher.KEY_BYTES], true);
        FrameCipher open = new FrameCipher(new byte[FrameCipher.KEY_BYTES], false);
        JitClock jit = JitClock.ofThisJvm();
        int txs = 0;
        int blocks = 0;
        long nextProgress = start + PROGRESS_EVERY_NANOS;
        List<Long> blockMillis = new ArrayList<>();
        for (int round = 0; ; round++) {
            Path roundDir = Files.createDirectory(dir.resolve("round-" + round));
            try (LedgerStore store = LedgerStore.open(roundDir, SCRATCH_MAP_SIZE)) {
                Rules.initGenesis(store, corpus.genesis);
                Rules rules = Rules.forStore(store);
                Mempool mempool = new Mempool(rules, StoreStateView.of(store), 2 * WarmupCorpus.TXS, 64L << 20);
                Commit lastCommit = null; // none before height 1
                for (int from = 0; from < WarmupCorpus.TXS; from += TXS_PER_BLOCK) {
                    if (txs >= maxTxs) {
                        return new Result(txs, blocks, sinceMs(start), Stop.MAX_TXS, blockMillis);
                    }
                    if (System.nanoTime() >= deadline) {
                        return new Result(txs, blocks, sinceMs(start), Stop.CAPPED, blockMillis);
                    }
                    if (txs >= MIN_TXS && jit.quiet()) {
                        return new Result(txs, blocks, sinceMs(start), Stop.JIT_QUIET, blockMillis);
                    }
                    long t0 = System.nanoTime();
                    jit.blockStarts(t0);
                    admit(rules, mempool, signed.subList(from, from + TXS_PER_BLOCK), seal, open);
                    List<CheckedTx> reaped = mempool.reap(rules.params().maxBlockBytes() - 64 * 1024, TXS_PER_BLOCK);
                    KeyPair proposer = validators.get(blocks % validators.size());
                    Block built = rules.buildProposal(store, reaped, System.currentTimeMillis(), proposer.address(),
                            lastCommit);
                    Block block = Block.parseFrom(overTheWire(built.toByteArray(), seal, open)); // what a peer receives
                    // Every other block is validated as by a peer that never admitted its txs: the
                    // signatures are then batch-checked inside block validation too.
                    PreVerified pre = blocks % 2 == 0 ? mempool : PreVerified.NONE;
                    BlockVerdict verdict = rules.validateBlock(store, block, pre);
                    if (!verdict.valid()) {
                        throw new IllegalStateException("warm-up block refused: " + verdict);
                    }
                    lastCommit = UnanimousCommit.of(WarmupCorpus.CHAIN_ID, validators, block);
                    var result = rules.applyBlock(store, block, lastCommit, pre);
                    mempool.update(result.txHashes(), StoreStateView.of(store), dropped -> { });
                    txs += block.getTxsCount();
                    blocks++;
                    long t1 = System.nanoTime();
                    blockMillis.add((t1 - t0) / 1_000_000);
                    jit.blockEnds(t1);
                    if (t1 >= nextProgress) {
                        nextProgress = t1 + PROGRESS_EVERY_NANOS;
                        LOG.info("warming up", "txs", txs, "ms", sinceMs(start), "last_block_ms", (t1 - t0) / 1_000_000,
                                "jit_share", String.format(java.util.Locale.ROOT, "%.2f", jit.share()));
                    }
                }
            }
            deleteTree(roundDir);
        }
    }

    private static long sinceMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * The JIT's compilation time against the wall time of the last {@link #WINDOW} blocks. Without the JVM's
     * compilation-time monitoring it reports quiet at once, so the warm-up then stops at {@link #MIN_TXS}.
     */
    static final class JitClock {
        /** Total compilation ms so far, or null when the JVM does not measure it. */
        private final LongSupplier compilationMillis;
        private final long[] wallNanos = new long[WINDOW];
        private final long[] jitMillis = new long[WINDOW];
        private int blocks;
        private long blockStartNanos;
        private long jitAtStart;

        JitClock(LongSupplier compilationMillis) {
            this.compilationMillis = compilationMillis;
        }

        static JitClock ofThisJvm() {
            CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
            boolean supported = bean != null && bean.isCompilationTimeMonitoringSupported();
            return new JitClock(supported ? bean::getTotalCompilationTime : null);
        }

        void blockStarts(long nowNanos) {
            blockStartNanos = nowNanos;
            jitAtStart = compilationMillis != null ? compilationMillis.getAsLong() : 0;
        }

        void blockEnds(long nowNanos) {
            int slot = blocks++ % WINDOW;
            wallNanos[slot] = nowNanos - blockStartNanos;
            jitMillis[slot] = compilationMillis != null ? compilationMillis.getAsLong() - jitAtStart : 0;
        }

        /** Compilation ms per wall ms over the window (several compiler threads can make it exceed 1). */
        double share() {
            long wall = 0;
            long compiling = 0;
            for (int i = 0; i < Math.min(blocks, WINDOW); i++) {
                wall += wallNanos[i];
                compiling += jitMillis[i];
            }
            return wall == 0 ? 1.0 : compiling * 1e6 / wall;
        }

        boolean quiet() {
            return compilationMillis == null || (blocks >= WINDOW && share() <= QUIET_JIT_SHARE);
        }
    }

    /** The p2p frame cipher both ways, in frames of at most 16 KiB (as gossip and proposals travel). */
    private static byte[] overTheWire(byte[] message, FrameCipher seal, FrameCipher open) {
        byte[] sealed = new byte[FRAME + FrameCipher.TAG_BYTES];
        byte[] plain = new byte[message.length];
        for (int off = 0; off < message.length; off += FRAME) {
            int len = Math.min(FRAME, message.length - off);
            int n = seal.seal(message, off, len, sealed, 0);
            open.open(sealed, 0, n, plain, off);
        }
        return plain;
    }

    /**
     * Client-port decode, hashing, batch signature checks in the lanes' batch sizes ({@link #ADMIT_BATCHES})
     * and mempool admission, as TxIntake does them.
     */
    private static void admit(Rules rules, Mempool mempool, List<Tx> wire, FrameCipher seal, FrameCipher open)
            throws InvalidProtocolBufferException, Rejection {
        int from = 0;
        for (int i = 0; from < wire.size(); i++) {
            int to = Math.min(wire.size(), from + ADMIT_BATCHES[i % ADMIT_BATCHES.length]);
            admitBatch(rules, mempool, wire.subList(from, to), seal, open);
            from = to;
        }
    }

    private static void admitBatch(Rules rules, Mempool mempool, List<Tx> wire, FrameCipher seal, FrameCipher open)
            throws InvalidProtocolBufferException, Rejection {
        List<Tx> txs = new ArrayList<>(wire.size());
        List<byte[]> hashes = new ArrayList<>(wire.size());
        for (Tx tx : wire) {
            byte[] encoded = overTheWire(tx.toByteArray(), seal, open);
            txs.add(Tx.parseFrom(encoded));
            hashes.add(Hashes.txHash(encoded));
        }
        CheckedTx[] checked = new CheckedTx[txs.size()];
        Rejection[] rejected = new Rejection[txs.size()];
        rules.decodeAndVerifyAll(txs, hashes, checked, rejected);
        for (int i = 0; i < checked.length; i++) {
            if (checked[i] == null) {
                throw rejected[i];
            }
            mempool.add(checked[i]);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not remove the warm-up folder", "dir", dir, "error", e.toString());
        }
    }
}
