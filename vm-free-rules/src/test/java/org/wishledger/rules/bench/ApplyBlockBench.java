package org.wishledger.rules.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.rules.BlockResult;
import org.wishledger.rules.Rules;
import org.wishledger.rules.TestChain;

/**
 * applyBlock of a block of 10,000 wishes whose signatures were verified at admission: header checks,
 * tx hashing and data hash, decoding, state checks, wish records, app hash, and the durable LMDB commit
 * of everything. Every invocation applies a fresh block on top of the previous one (single shot).
 * {@code -p history=10000000} first fills the store with that many committed txs (the chain's length is
 * what the tx index used to slow down with; {@link ApplyBlockGrowthReport} measures several lengths in one run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, batchSize = 1)
@Measurement(iterations = 8, batchSize = 1)
@Fork(1)
public class ApplyBlockBench {
    @Param({"10000"})
    int txs;
    /** Distinct senders; each sends txs/senders wishes per block. */
    @Param({"2000"})
    int senders;
    /** Committed txs written by {@link SyntheticHistory} before the measured blocks (e.g. 10^7). */
    @Param({"0"})
    long history;

    /** Blocks signed up front; warmup plus measurement iterations must stay at or below this. */
    private static final int BLOCKS = 16;

    private TestChain chain;
    private Rules rules;
    private Path dir;
    private LedgerStore store;
    private final List<List<Tx>> blocks = new ArrayList<>();
    private int next;
    private Block block;
    private Commit commit;
    private Set<ByteKey> pre;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        chain = new TestChain(4, senders);
        rules = chain.rules;
        dir = Files.createTempDirectory("apply-bench");
        store = LedgerStore.open(dir);
        Rules.initGenesis(store, chain.genesis);
        new SyntheticHistory(chain, 42).append(store, history);
        int perSender = txs / senders;
        for (int b = 0; b < BLOCKS; b++) { // one fresh block per invocation: warmup + measurement must not exceed it
            List<Tx> list = chain.signedWishBlock(b, perSender);
            blocks.add(list);
        }
    }

    @Setup(Level.Invocation)
    public void nextBlock() {
        List<Tx> list = blocks.get(next++ % blocks.size());
        block = chain.block(store, list, next);
        commit = chain.commit(block);
        pre = new HashSet<>(list.size() * 2);
        for (Tx tx : list) {
            pre.add(ByteKey.wrap(Hashes.txHash(tx)));
        }
    }

    @Benchmark
    public BlockResult applyPreVerifiedBlock() throws Exception {
        return rules.applyBlock(store, block, commit, pre);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

}
