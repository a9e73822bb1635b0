package org.wishledger.ledger.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.crypto.SignatureBatch;

/**
 * Cost per signature of Ed25519 verification: Bouncy Castle one at a time against {@link SignatureBatch}
 * at several batch sizes. Messages are wish-sized (400 bytes) from 32 signers, like the load bench.
 * Scores are per batch; divide by {@code batch} (JMH prints per-op since each invocation counts batch ops).
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureBatchBench {
    private static final int SIGNERS = 32;
    private static final int MAX = 1024;

    @Param({"1", "8", "32", "64", "128", "256", "512"})
    public int batch;

    private PublicKey[] keys;
    private byte[][] messages;
    private byte[][] signatures;
    private SignatureBatch verifier;
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(7);
        KeyPair[] signers = new KeyPair[SIGNERS];
        for (int i = 0; i < SIGNERS; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            signers[i] = KeyPair.fromSeed(seed);
        }
        keys = new PublicKey[MAX];
        messages = new byte[MAX][];
        signatures = new byte[MAX][];
        for (int i = 0; i < MAX; i++) {
            KeyPair key = signers[i % SIGNERS];
            messages[i] = new byte[400];
            random.nextBytes(messages[i]);
            keys[i] = key.publicKey();
            signatures[i] = key.sign(messages[i]);
        }
        verifier = new SignatureBatch(batch);
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public boolean bouncyCastleOneAtATime() {
        int i = next++ & (MAX - 1);
        return keys[i].verify(messages[i], signatures[i]);
    }

    @Benchmark
    public boolean batchPerBatch() {
        verifier.clear();
        int start = next;
        next += batch;
        for (int j = 0; j < batch; j++) {
            int i = (start + j) & (MAX - 1);
            verifier.add(keys[i], messages[i], 0, messages[i].length, signatures[i]);
        }
        return verifier.verifyAll();
    }
}
