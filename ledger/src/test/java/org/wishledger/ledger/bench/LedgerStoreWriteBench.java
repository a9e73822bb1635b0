package org.wishledger.ledger.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.wishledger.ledger.store.BlockWrite;

/**
 * The store alone, without the rules: the durable write of a block of 10,000 wishes (block, txs, tx
 * index, wish records, 2,000 accounts, meta, fsync). The block is prepared outside the measurement.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 6)
@Fork(1)
public class LedgerStoreWriteBench {
    private static final int TXS = 10_000;
    private static final int ACCOUNTS = 2_000;

    private SyntheticLedger ledger;
    private BlockWrite write;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        ledger = new SyntheticLedger(5, TXS, ACCOUNTS); // some history
    }

    @Setup(Level.Invocation)
    public void prepareWrite() {
        write = ledger.nextBlock();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, batchSize = 1)
    @Measurement(iterations = 8, batchSize = 1)
    public void writeBlockOf10kWishes() {
        ledger.store().writeBlock(write);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ledger.close();
    }
}
