package org.wishledger.ledger.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.util.Random;
import org.wishledger.ledger.anon.AnonKeys;
import org.wishledger.ledger.anon.Ring;
import org.wishledger.ledger.anon.TriptychBatch;
import org.wishledger.ledger.anon.TriptychGenerators;
import org.wishledger.ledger.anon.TriptychParams;
import org.wishledger.ledger.anon.TriptychProver;
import org.wishledger.ledger.anon.TriptychStatement;
import org.wishledger.ledger.crypto.Sha256;

/**
 * Thread CPU time of Triptych proving and verification at N = 1,024 (alone, batches of 16/64/256 on one
 * bucket). CPU time is what other processes' load does not inflate, so on the shared machine these are
 * the figures to compare with the goals (JMH's wall clock is the other view). Best of 5 rounds.
 */
public final class TriptychCpuTimeReport {
    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        TriptychGenerators gens = new TriptychGenerators(TriptychParams.LEDGER);
        Random random = new Random(42);
        BenchBucket bucket = new BenchBucket(gens, random);
        AnonKeys keys = bucket.anonKeys;
        BigInteger[] secrets = bucket.secrets;
        long t0 = mx.getCurrentThreadCpuTime();
        Ring ring = bucket.ring();
        System.out.printf("decode a bucket of 1,024 keys: %.1f ms CPU%n", (mx.getCurrentThreadCpuTime() - t0) / 1e6);
        TriptychProver prover = new TriptychProver(gens);
        TriptychStatement[] st = new TriptychStatement[256];
        byte[][] proofs = new byte[256][];
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 256; i++) {
            int slot = (i * 37) % 1024;
            st[i] = new TriptychStatement("bench", ring, keys.tag(secrets[slot]), Sha256.hash(new byte[] {(byte) i, (byte) (i >> 8)}));
            long a = mx.getCurrentThreadCpuTime();
            proofs[i] = prover.prove(st[i], slot, secrets[slot], random);
            best = Math.min(best, mx.getCurrentThreadCpuTime() - a);
        }
        System.out.printf("prove (best of 256): %.1f ms CPU%n", best / 1e6);
        for (int size : new int[] {1, 16, 64, 256}) {
            TriptychBatch batch = new TriptychBatch(gens, size);
            long bestBatch = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                batch.clear();
                long a = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < size; i++) {
                    batch.add(st[i], proofs[i]);
                }
                if (!batch.verifyAll()) {
                    throw new IllegalStateException("valid batch failed");
                }
                bestBatch = Math.min(bestBatch, mx.getCurrentThreadCpuTime() - a);
            }
            System.out.printf("verify batch of %3d: %8.2f ms CPU per batch, %6.3f ms per proof%n", size,
                    bestBatch / 1e6, bestBatch / 1e6 / size);
        }
    }
}
