package org.wishledger.ledger.bench;

import java.io.IOException;
import java.util.List;
import java.util.Random;
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
import org.wishledger.ledger.proto.WishRecord;

/**
 * Reads RPC and scoring make, against a store of five blocks of 10,000 wishes: a wish by id (tx index,
 * record, text restored from its tx) and a page of 100 wishes after a position.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 6)
@Fork(1)
public class LedgerStoreReadBench {
    private static final int TXS = 10_000;
    private static final int ACCOUNTS = 2_000;

    private SyntheticLedger ledger;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        ledger = new SyntheticLedger(5, TXS, ACCOUNTS); // some history
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public WishRecord wishById() {
        List<byte[]> ids = ledger.wishIds();
        return ledger.store().wish(ids.get(ledger.random().nextInt(ids.size()))).orElseThrow();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public List<WishRecord> wishesAfterPageOf100() {
        Random rnd = ledger.random();
        return ledger.store().wishesAfter(1 + rnd.nextInt(4), rnd.nextInt(TXS - 100), 100);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ledger.close();
    }
}
