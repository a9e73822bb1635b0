package org.wishledger.ledger.bench;

import java.math.BigInteger;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.wishledger.ledger.anon.AnonKeys;
import org.wishledger.ledger.anon.Ring;
import org.wishledger.ledger.anon.TriptychBatch;
import org.wishledger.ledger.anon.TriptychGenerators;
import org.wishledger.ledger.anon.TriptychParams;
import org.wishledger.ledger.anon.TriptychProver;
import org.wishledger.ledger.anon.TriptychStatement;
import org.wishledger.ledger.crypto.Sha256;

/**
 * Triptych verification at N = 1,024 (one sealed bucket): a proof alone and batches of 16/64/256 proofs
 * on the same bucket (the bucket's keys decoded once, as a node caches them). The score is per batch;
 * divide by {@code batch} for the cost per proof. Parsing (point decoding, transcript) is included.
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TriptychBench {
    private static final int PROOFS = 256;

    @Param({"1", "16", "64", "256"})
    public int batch;

    private TriptychStatement[] statements;
    private byte[][] proofs;
    private TriptychBatch verifier;
    private int next;

    @Setup
    public void setUp() {
        TriptychGenerators gens = new TriptychGenerators(TriptychParams.LEDGER);
        Random random = new Random(42);
        BenchBucket bucket = new BenchBucket(gens, random);
        Ring ring = bucket.ring();
        AnonKeys keys = bucket.anonKeys;
        BigInteger[] secrets = bucket.secrets;
        TriptychProver prover = new TriptychProver(gens);
        int count = Math.max(batch, 16);
        statements = new TriptychStatement[count];
        proofs = new byte[count][];
        for (int i = 0; i < count; i++) {
            int slot = (i * 37) % 1024;
            statements[i] = new TriptychStatement("bench", ring, keys.tag(secrets[slot]), Sha256.hash(new byte[] {(byte) i}));
            proofs[i] = prover.prove(statements[i], slot, secrets[slot], random);
        }
        verifier = new TriptychBatch(gens, Math.min(batch, PROOFS));
    }

    @Benchmark
    public boolean verifyBatch() {
        verifier.clear();
        for (int j = 0; j < batch; j++) {
            int i = (next + j) % statements.length;
            verifier.add(statements[i], proofs[i]);
        }
        next += batch;
        if (!verifier.verifyAll()) {
            throw new IllegalStateException("a valid batch failed");
        }
        return true;
    }
}
